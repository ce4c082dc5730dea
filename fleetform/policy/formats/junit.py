"""JUnit XML: one test case per policy; a failure per finding at or above the threshold, lower ones and
waived ones as system-out."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from fleetform.policy.report import Report


def render(report: Report, threshold: str) -> str:
    blocking = report.blocking(threshold)
    suite = ET.Element(
        "testsuite",
        name="fleetform policy",
        tests=str(len(report.policies)),
        failures=str(len({f.policy for f in blocking})),
        errors="0",
        skipped="0",
    )
    for policy in report.policies:
        case = ET.SubElement(suite, "testcase", classname=f"policy.{policy.kind}", name=policy.id)
        failing = [f for f in blocking if f.policy == policy.id]
        if failing:
            failure = ET.SubElement(
                case, "failure", type=policy.meta.severity, message=f"{len(failing)} finding(s): {policy.meta.title}"
            )
            failure.text = "\n".join(f.text for f in failing)
        other = [f.text for f in report.findings if f.policy == policy.id and not f.at_least(threshold)]
        other += [f"{w.finding.text} (waived by {w.waiver})" for w in report.waived if w.finding.policy == policy.id]
        if other:
            ET.SubElement(case, "system-out").text = "\n".join(other)
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
