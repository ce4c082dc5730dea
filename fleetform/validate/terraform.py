"""Route ``cdk.tf.json`` stacks to Terraform argument checking (``fleetform.tfschema``), as results."""

from __future__ import annotations

import importlib
from collections import defaultdict
from pathlib import Path
from typing import Any

from fleetform.findings.finding import Finding, Status
from fleetform.validate.result import Result

TERRAFORM_FILE = "cdk.tf.json"
FILE_ADDRESS = "(file)"  # tfschema's address for findings about the whole file (not JSON, not UTF-8)


def check_terraform(path: Path, name: str) -> list[Result]:
    """One result per resource and data source of a stack; skipped when the checker is not installed."""
    try:
        checker = importlib.import_module("fleetform.tfschema.check")
        read_stack, check_read = checker.read_stack, checker.check_read
    except (ImportError, AttributeError):
        return [
            Result(
                name,
                None,
                Status.SKIPPED,
                message="Terraform argument checking (fleetform.tfschema) is not installed",
            )
        ]
    stack = read_stack(path)
    by_address: dict[str, list[Finding]] = defaultdict(list)
    for finding in check_read(name, stack):
        by_address[finding.object].append(finding)
    results = [Result(name, f.line, Status.ERROR, message=f.detail) for f in by_address.pop(FILE_ADDRESS, [])]
    for address in sorted(set(_addresses(stack.document)) | set(by_address)):
        found = by_address.get(address, [])
        if not found:
            results.append(Result(name, None, Status.VALID, kind="terraform", address=address))
            continue
        line = min((f.line for f in found if f.line is not None), default=None)
        results.append(Result(name, line, Status.INVALID, kind="terraform", address=address, findings=tuple(found)))
    return results


def _addresses(stack: Any) -> list[str]:
    if not isinstance(stack, dict):
        return []
    out: list[str] = []
    for block, prefix in (("resource", ""), ("data", "data.")):
        types = stack.get(block)
        if isinstance(types, dict):
            for type_name, objects in types.items():
                if isinstance(objects, dict):
                    out.extend(f"{prefix}{type_name}.{obj}" for obj in objects)
    return out
