"""kubeconform's ``junit`` output: a test suite per file, a test case per resource (no timings)."""

from __future__ import annotations

from itertools import groupby
from xml.etree import ElementTree as ET

from fleetform.validate.output.options import RenderOptions
from fleetform.validate.result import Result, Status


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
            text = "\n".join(f"{file}:{line}: {p}" if line is not None else p for line, p in result.problems())
            if result.status is Status.INVALID:
                ET.SubElement(case, "failure", {"message": text.split("\n")[0], "type": "invalid"}).text = text
            elif result.status is Status.ERROR:
                ET.SubElement(case, "error", {"message": text, "type": "error"}).text = text
            elif result.status is Status.SKIPPED:
                ET.SubElement(case, "skipped", {"message": text})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _counts(name: str, results: list[Result]) -> dict[str, str]:
    def count(status: Status) -> str:
        return str(sum(1 for r in results if r.status is status))

    return {
        "name": name,
        "tests": str(len(results)),
        "failures": count(Status.INVALID),
        "errors": count(Status.ERROR),
        "skipped": count(Status.SKIPPED),
    }
