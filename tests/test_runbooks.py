"""Every alert of the committed dist/ links to its runbook in docs/runbooks/, on the branch Flux follows; every
runbook has an alert (or is a procedure the others link to) and the four sections an on-call engineer needs."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from fleetform.settings.services import RUNBOOKS, GitOps

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / RUNBOOKS
SECTIONS = ["## What it means", "## Confirm", "## Mitigate", "## Roll back"]
#: Runbooks no alert links to: the procedures the alerts' runbooks send to.
PROCEDURES = {"incident-response.md", "dr-restore-drill.md"}


def _platform_alerts() -> dict[str, set[str]]:
    """runbook_url -> the alerts of the platform's PrometheusRules in dist/ (the apps layer's, and Falco's in the
    configs layer)."""
    urls: dict[str, set[str]] = {}
    for path in sorted((ROOT / "dist" / "k8s").glob("*/*/*/prometheusrule-*.yaml")):
        rule = yaml.safe_load(path.read_text(encoding="utf-8"))
        for group in rule["spec"]["groups"]:
            for alert in group["rules"]:
                urls.setdefault(alert["annotations"].get("runbook_url", ""), set()).add(alert["alert"])
    return urls


def test_every_platform_alert_links_to_its_runbook_in_the_repository() -> None:
    urls = _platform_alerts()
    base = f"{GitOps().runbooks}/"
    assert base == "https://github.com/acme/fleetform/blob/main/docs/runbooks/"
    assert len(urls) == 8
    for url, alerts in urls.items():
        assert len(alerts) == 1, url
        (alert,) = alerts
        assert url == f"{base}{alert}.md"
        assert (FOLDER / f"{alert}.md").is_file(), f"alert {alert} has no runbook {RUNBOOKS}/{alert}.md"


def test_every_runbook_is_an_alerts_or_a_linked_procedure_with_the_four_sections() -> None:
    alerts = {alert for names in _platform_alerts().values() for alert in names}
    runbooks = {p.name for p in FOLDER.glob("*.md")} - {"README.md"}
    assert runbooks == {f"{alert}.md" for alert in alerts} | PROCEDURES
    linked = set()
    for name in sorted(runbooks):
        text = (FOLDER / name).read_text(encoding="utf-8")
        headings = [line for line in text.splitlines() if line.startswith("## ")]
        assert headings == SECTIONS, name
        linked.update(re.findall(r"\]\(([\w.-]+\.md)\)", text))
    assert linked >= PROCEDURES
    index = (FOLDER / "README.md").read_text(encoding="utf-8")
    assert {f"[{alert}.md]({alert}.md)" for alert in alerts} <= {m for m in re.findall(r"\[[\w.]+\]\([\w.]+\)", index)}
