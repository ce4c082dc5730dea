"""``fleetform diff --format json``: the whole report, values in full (descriptions cut long values, this
does not), with the totals the summary line gives."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from fleetform.diff.formats.words import Options
from fleetform.diff.model import ADDED, CHANGED, K8S, REMOVED, TERRAFORM, DiffReport


def render(report: DiffReport, options: Options) -> str:
    payload: dict[str, Any] = {
        "base": report.base,
        "base_commit": report.base_commit,
        "head": report.head,
        "dist": report.dist,
        "environments": list(report.environments),
        "totals": {
            layer: {status: report.total(layer, status) for status in (ADDED, REMOVED, CHANGED)}
            for layer in (K8S, TERRAFORM)
        },
        "headlines": [dataclasses.asdict(headline) for headline in report.headlines],
        "clusters": [dataclasses.asdict(cluster) for cluster in report.clusters],
        "other_files": list(report.other_files),
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
