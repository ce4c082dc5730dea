"""The command table: every command is registered, reachable, documented, reports bad input the same way
(``error: ...`` on stderr, exit 2), and loads only what it uses."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import fleetform.commands
from fleetform.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parents[2]

#: command -> (arguments naming something that does not exist, the one line on stderr)
BAD_INPUT = {
    "synth": (
        ["--settings", "nowhere"],
        "error: nowhere/platform.yaml: file not found; expected the settings file to exist\n",
    ),
    "policy": (["nowhere"], "error: nowhere: no such file or folder; expected an existing path\n"),
    "check": (["nowhere"], "error: nowhere: no such file or folder; expected a manifest file, a folder or -\n"),
    "integrity": (["nowhere"], "error: nowhere: no such file or folder; expected an existing path\n"),
    "diff": (
        ["--base", "nowhere"],
        "error: {tmp}: not inside a git repository; expected to run fleetform diff in the GitOps repository\n",
    ),
    "promote": (
        ["dev", "staging", "--settings", "nowhere"],
        "error: nowhere/platform.yaml: file not found; expected the settings file to exist\n",
    ),
    "schemas": (["import", "nowhere.yaml"], "error: nowhere.yaml: no such file; expected CRD YAML\n"),
    "tfschema": (
        ["check", "nowhere"],
        "error: nowhere: no such file or folder; expected a cdk.tf.json file or a folder\n",
    ),
}

#: command -> the usage error of an unknown flag
UNKNOWN_FLAG = {
    "synth": "unrecognized arguments: --frobnicate",
    "policy": "unrecognized arguments: --frobnicate",
    "check": "unrecognized arguments: --frobnicate",
    "integrity": "unrecognized arguments: --frobnicate",
    "diff": "unrecognized arguments: --frobnicate",
    "promote": "the following arguments are required: FROM, TO",
    "schemas": "the following arguments are required: command",
    "tfschema": "the following arguments are required: command",
}


def test_every_module_of_the_commands_package_is_registered_under_its_name() -> None:
    modules = sorted(m.name for m in pkgutil.iter_modules(fleetform.commands.__path__))
    assert modules == sorted(COMMANDS)
    assert all(command.__name__ == f"fleetform.commands.{name}" for name, command in COMMANDS.items())  # type: ignore[attr-defined]


def test_the_top_level_help_lists_every_command_with_its_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    listed = [line.split(None, 1) for line in capsys.readouterr().out.splitlines() if line.startswith("    ")]
    assert listed == [[name, command.SUMMARY] for name, command in COMMANDS.items()]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_has_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([name, "--help"]) == 0
    out, err = capsys.readouterr()
    assert (out.splitlines()[0].lower().split()[:3], err) == (["usage:", "fleetform", name], "")


@pytest.mark.parametrize("name", list(BAD_INPUT))
def test_bad_input_is_one_error_line_and_exit_2(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    argv, message = BAD_INPUT[name]
    code = main([name, *argv])
    out, err = capsys.readouterr()
    assert (code, err) == (2, message.replace("{tmp}", str(tmp_path)))
    assert out == ("== schema validation\n" if name == "check" else "")
    assert not (tmp_path / "dist").exists()


def test_validate_answers_bad_input_as_kubeconform(capsys: pytest.CaptureFixture[str]) -> None:
    """``fleetform validate`` is kubeconform's command line: a missing path is an error result (exit 1), an
    unknown flag is Go's message and the usage (exit 1)."""
    assert main(["validate", "nowhere"]) == 1
    assert capsys.readouterr() == ("nowhere - failed validation: lstat nowhere: no such file or directory\n", "")
    assert main(["validate", "--frobnicate"]) == 1
    out, err = capsys.readouterr()
    assert (out, err.splitlines()[:2]) == (
        "",
        ["flag provided but not defined: -frobnicate", "Usage: fleetform validate [OPTION]... [FILE OR FOLDER]..."],
    )


@pytest.mark.parametrize("name", list(UNKNOWN_FLAG))
def test_usage_errors_are_one_error_line_and_exit_2(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([name, "--frobnicate"]) == 2
    assert capsys.readouterr() == (
        "",
        f"error: {UNKNOWN_FLAG[name]}; expected the arguments shown by fleetform {name} --help\n",
    )


def test_usage_errors_of_the_command_line_itself(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert capsys.readouterr() == (
        "",
        "error: the following arguments are required: COMMAND; expected the arguments shown by fleetform --help\n",
    )
    assert main(["frobnicate"]) == 2
    assert capsys.readouterr().err == (
        "error: argument COMMAND: invalid choice: 'frobnicate' (choose from 'synth', 'validate', 'policy', 'check', "
        "'integrity', 'diff', 'promote', 'images', 'schemas', 'tfschema'); expected the arguments shown by "
        "fleetform --help\n"
    )


LOADED = """
import json, sys
from fleetform.cli import main
before = sorted(m for m in sys.modules if m.startswith("fleetform."))
code = main(sys.argv[1:])
print(json.dumps({"code": code, "cli": before, "all": sorted(sys.modules)}))
"""

#: What only ``fleetform synth`` needs: jsii's Node process and the synth pipeline.
HEAVY = (
    "cdk8s",
    "cdk8s_plus_33",
    "jsii",
    "constructs",
    "cdktn",
    "fleetform.synth",
    "fleetform.k8s",
    "fleetform.render",
)


@pytest.mark.parametrize("name", ["policy", "validate", "check", "integrity"])
def test_read_only_commands_load_neither_cdk8s_nor_the_synth_pipeline(name: str, tmp_path: Path) -> None:
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    proc = subprocess.run(
        [sys.executable, "-c", LOADED, name, "dist"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    loaded = json.loads(proc.stdout.splitlines()[-1])
    assert loaded["cli"] == sorted(  # the command table imports only the command modules, which are light
        ["fleetform.arguments", "fleetform.cli", "fleetform.commands", "fleetform.errors"]
        + [f"fleetform.commands.{n}" for n in COMMANDS]
    )
    assert [m for m in loaded["all"] if m.startswith(HEAVY)] == []
    # the ConfigMap has no labels: a policy finding; the gate finds nothing in it (but the repository's waivers
    # of gate rules are unused here: reported, not failing)
    assert loaded["code"] == (0 if name in ("validate", "integrity") else 1)
