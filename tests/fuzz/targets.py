"""Run one fuzz input through what the commands run, in this process: ``validate`` (results, then their text
as the CLI prints it), ``policy`` (the file's objects, every policy, the findings' lines), the Terraform
argument check, the secret scan and the settings loader.

A **crash** is any exception but a :class:`~fleetform.errors.UserError` (the CLI's exit 3), including text
that the CLI could not print (a lone surrogate). An **unlocated** message is a user error or an error
result that does not start with the file (and line, where it has one), spans lines, or is longer than
:data:`MAX_MESSAGE` characters (values are shown cut).
"""

from __future__ import annotations

import re
import shutil
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from fleetform.cel.env import CelEngine
from fleetform.errors import UserError
from fleetform.findings.finding import Status
from fleetform.policy.loader import DEFAULT_POLICIES, load_policies
from fleetform.policy.runner import run_policies
from fleetform.policy.targets import file_targets
from fleetform.secrets.scan import scan_paths
from fleetform.settings import load_settings
from fleetform.tfschema.check import check_stack
from fleetform.validate.api import validate_file
from fleetform.validate.config import Config
from fleetform.validate.output import RenderOptions, render
from fleetform.validate.store import SchemaStore
from tests.fuzz.inputs import FuzzInput

#: Longest message accepted: a located line with values cut to ~60 characters.
MAX_MESSAGE = 1000
_LOCATED = re.compile(r"(?P<file>[^\s:]+\.(yaml|yml|json))(:\d+)?: \S")


@dataclass
class Outcome:
    """What one input did: crashes (tracebacks), unlocated messages, and how many located errors."""

    crashes: list[str] = field(default_factory=list)
    unlocated: list[str] = field(default_factory=list)
    errors: int = 0


class Harness:
    """The loaded state every input reuses (schemas, compiled policies) and a work folder."""

    def __init__(self, repo: Path, work: Path) -> None:
        self.work = work
        self.engine = CelEngine()
        self.policies = load_policies(DEFAULT_POLICIES, self.engine)
        self.store = SchemaStore(Config(kubernetes_version="1.32", strict=True))
        self.settings = work / "settings"
        shutil.copytree(repo / "settings", self.settings, dirs_exist_ok=True)
        self.pristine = {p: p.read_bytes() for p in self.settings.rglob("*.yaml")}

    def run(self, item: FuzzInput) -> Outcome:
        outcome = Outcome()
        if item.kind == "settings":
            self._settings(item, outcome)
            return outcome
        folder = self.work / ("terraform" if item.kind == "terraform" else "k8s") / "aws-dev"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / item.name
        path.write_bytes(item.data)
        for step in (self._validate, self._policy, self._tfschema, self._secrets):
            _guard(outcome, lambda step=step: step(path, outcome))
        return outcome

    def _validate(self, path: Path, outcome: Outcome) -> None:
        results = validate_file(path.as_posix(), self.store)
        for result in results:
            if result.status == Status.ERROR:
                where = f"{result.file}:{result.line}" if result.line is not None else result.file
                _check_message(outcome, f"{where}: {result.message}")
        render(results, "text", RenderOptions(summary=True)).encode("utf-8")  # what the CLI prints

    def _policy(self, path: Path, outcome: Outcome) -> None:
        try:
            targets = file_targets(path)
        except UserError as err:
            _check_message(outcome, err.message)
            return
        for finding in run_policies(self.engine, self.policies, targets):
            finding.text.encode("utf-8")

    def _tfschema(self, path: Path, outcome: Outcome) -> None:
        if path.name == "cdk.tf.json":
            for finding in check_stack(path):
                finding.text.encode("utf-8")

    def _secrets(self, path: Path, outcome: Outcome) -> None:
        for finding in scan_paths([path]).findings:
            finding.text.encode("utf-8")

    def _settings(self, item: FuzzInput, outcome: Outcome) -> None:
        for file, data in self.pristine.items():
            file.write_bytes(data)
        (self.settings / item.name).write_bytes(item.data)

        def load() -> None:
            try:
                load_settings(self.settings)
            except UserError as err:
                _check_message(outcome, err.message)

        _guard(outcome, load)
        _guard(outcome, lambda: [f.text.encode("utf-8") for f in scan_paths([self.settings]).findings])


def _guard(outcome: Outcome, step: object) -> None:
    try:
        step()  # type: ignore[operator]
    except UserError as err:  # the CLI's exit 2: its one line must be located
        _check_message(outcome, err.message)
    except Exception:  # what the CLI would turn into exit 3
        outcome.crashes.append(traceback.format_exc(limit=-6))


def _check_message(outcome: Outcome, message: str) -> None:
    outcome.errors += 1
    located = _LOCATED.match(message) is not None and "\n" not in message and len(message) <= MAX_MESSAGE
    try:
        message.encode("utf-8")
    except UnicodeEncodeError:
        located = False
    if not located:
        outcome.unlocated.append(message[:300])
