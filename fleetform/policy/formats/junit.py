"""JUnit XML: one test case per policy; a failure per finding at or above the threshold, lower ones and
waived ones as system-out."""

from __future__ import annotations

from fleetform.policy.report import Report


def render(report: Report, threshold: str) -> str:
    import xml.etree.ElementTree as ET  # here: the other formats (every run's) need no XML library

    from fleetform.findings import junit

    blocking = report.blocking(threshold)
    counts = junit.counts("fleetform policy", tests=len(report.policies), failures=len({f.rule for f in blocking}))
    suite = ET.Element("testsuite", counts)
    for policy in report.policies:
        case = ET.SubElement(suite, "testcase", classname=f"policy.{policy.kind}", name=policy.id)
        failing = [f for f in blocking if f.rule == policy.id]
        if failing:
            failure = ET.SubElement(
                case, "failure", type=policy.meta.severity, message=f"{len(failing)} finding(s): {policy.meta.title}"
            )
            failure.text = "\n".join(f.text for f in failing)
        other = [f.text for f in report.findings if f.rule == policy.id and not f.at_least(threshold)]
        other += [f"{w.finding.text} (waived by {w.waiver})" for w in report.waived if w.finding.rule == policy.id]
        if other:
            ET.SubElement(case, "system-out").text = "\n".join(other)
    return junit.document(suite)
