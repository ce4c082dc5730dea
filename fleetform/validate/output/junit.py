"""kubeconform's ``junit`` output: a test suite per file, a test case per resource (no timings)."""

from __future__ import annotations

from itertools import groupby
from xml.etree import ElementTree as ET

from fleetform.findings import junit
from fleetform.findings.finding import Status
from fleetform.validate.output.options import RenderOptions
from fleetform.validate.result import Result


def render(results: list[Result], options: RenderOptions) -> str:
    counted = [r for r in results if r.status is not Status.EMPTY]
    root = ET.Element("testsuites", _counts("fleetform validate", counted))
    for file, group in groupby(counted, key=lambda r: r.file):
        members = list(group)
        suite = ET.SubElement(root, "testsuite", _counts(file, members))
        for result in members:
            case = ET.SubElement(
                suite,
                "testcase",
                {
                    "name": result.identity or file,
                    "classname": f"{result.kind}@{result.api_version}" if result.kind else file,
                },
            )
            text = "\n".join(f"{f.where}: {f.detail}" if f.line is not None else f.detail for f in result.problems())
            if result.status is Status.INVALID:
                ET.SubElement(case, "failure", {"message": text.split("\n")[0], "type": "invalid"}).text = text
            elif result.status is Status.ERROR:
                ET.SubElement(case, "error", {"message": text, "type": "error"}).text = text
            elif result.status is Status.SKIPPED:
                ET.SubElement(case, "skipped", {"message": text})
    return junit.document(root)


def _counts(name: str, results: list[Result]) -> dict[str, str]:
    def count(status: Status) -> int:
        return sum(1 for r in results if r.status is status)

    return junit.counts(
        name,
        tests=len(results),
        failures=count(Status.INVALID),
        errors=count(Status.ERROR),
        skipped=count(Status.SKIPPED),
    )
