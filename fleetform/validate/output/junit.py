"""kubeconform's ``junit`` output, as Go's ``encoding/xml`` writes it: a suite per file (empty files
included, with no test case), a case per resource; ``time`` is 0 (kubeconform's is the run's duration)."""

from __future__ import annotations

from fleetform.findings.finding import Status
from fleetform.validate.output.options import RenderOptions
from fleetform.validate.result import Result

_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&#34;",
    "'": "&#39;",
    "\t": "&#x9;",
    "\n": "&#xA;",
    "\r": "&#xD;",
}


def _attr(value: str) -> str:
    """Go's ``xml.EscapeText`` of an attribute value."""
    return "".join(_ESCAPES.get(char, char) for char in value)


def _case(result: Result) -> list[str]:
    name = f"{result.namespace}/{result.name}" if result.namespace else result.name
    head = f'    <testcase name="{_attr(name)}" classname="{_attr(result.kind)}@{_attr(result.api_version)}" time="0"'
    if result.status is Status.INVALID:
        return [f"{head}>", f'      <failure message="{_attr(result.error)}" type=""></failure>', "    </testcase>"]
    if result.status is Status.ERROR:
        return [f"{head}>", f'      <error message="{_attr(result.error)}" type=""></error>', "    </testcase>"]
    if result.status is Status.SKIPPED:
        return [f"{head}>", '      <skipped message=""></skipped>', "    </testcase>"]
    return [f"{head}></testcase>"]


def render(results: list[Result], options: RenderOptions) -> str:
    suites: dict[str, list[Result]] = {}
    for result in results:
        suites.setdefault(result.file, [])
        if result.status is not Status.EMPTY:
            suites[result.file].append(result)
    counted = [r for members in suites.values() for r in members]

    def count(members: list[Result], status: Status) -> int:
        return sum(1 for r in members if r.status is status)

    lines = [
        f'<testsuites name="kubeconform" time="0" tests="{len(counted)}" failures="{count(counted, Status.INVALID)}"'
        f' disabled="{count(counted, Status.SKIPPED)}" errors="{count(counted, Status.ERROR)}">'
    ]
    for number, (file, members) in enumerate(suites.items(), start=1):
        head = (
            f'  <testsuite name="{_attr(file)}" id="{number}" tests="{len(members)}"'
            f' failures="{count(members, Status.INVALID)}" errors="{count(members, Status.ERROR)}" disabled="0"'
            f' skipped="{count(members, Status.SKIPPED)}">'
        )
        cases = [line for result in members for line in _case(result)]
        lines += [head, *cases, "  </testsuite>"] if cases else [head + "</testsuite>"]
    if len(lines) == 1:
        return lines[0] + "</testsuites>\n"
    return "\n".join([*lines, "</testsuites>"]) + "\n"
