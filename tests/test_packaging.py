"""fleetform as users install it: a wheel built from this checkout, installed into a fresh venv, finds its
policies and schemas from the package, not from the working directory."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

from fleetform.commands import check

REPO = Path(__file__).resolve().parent.parent
#: What a build reads: the project file, its readme, the package and the policy library mapped into it.
SOURCES = ("pyproject.toml", "README.md", "fleetform", "policies")
SUMMARY = re.compile(r"Summary: \d+ resources found in \d+ files - Valid: \d+, Invalid: 0, Errors: 0, Skipped: \d+")
SECRETS = re.compile(r"\d+ files scanned: 0 credentials found")
POLICIES = re.compile(
    r"\d+ policies, \d+ objects: 0 findings \(0 at or above low\), \d+ waived, 0 expired waivers, 0 unused waivers"
)
INTEGRITY = re.compile(
    r"\d+ rules, 9 clusters, \d+ objects: 0 findings, \d+ waived, 0 expired waivers, 0 unused waivers"
)


def test_every_package_is_listed_and_policies_is_the_root_folder() -> None:
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    found = [
        ".".join(init.relative_to(REPO).parent.parts)
        for init in (REPO / "fleetform").rglob("__init__.py")
        if "__pycache__" not in init.parts
    ]
    assert setuptools["packages"] == sorted([*found, "fleetform.policies"])
    assert setuptools["package-dir"] == {"fleetform.policies": "policies"}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv with fleetform installed from a wheel built from a copy of this checkout (a build in the
    checkout itself would leave build/ and *.egg-info behind). No network: the new venv sees the dev venv's
    site-packages (dependencies, pip, setuptools) through a .pth file, after its own."""
    root = tmp_path_factory.mktemp("packaging")
    source = root / "source"
    source.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO / name, source / name)
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True, cwd=root)
    python = venv / "bin" / "python"
    purelib = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=root).strip()
    (Path(purelib) / "fleetform-dev-venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    pip = ("-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index")
    _run(python, *pip, str(source), cwd=root)
    return venv


def _run(*argv: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _files(folder: Path) -> list[str]:
    return sorted(
        p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    )


def test_the_installed_package_holds_the_policies_and_schemas(installed: Path) -> None:
    code = (
        "import sysconfig\n"
        "from fleetform.policy.loader import DEFAULT_POLICIES\n"
        "from fleetform.schemas import CRD_DIR\n"
        "from fleetform.tfschema.schema import SCHEMA_DIR\n"
        "from fleetform.versions.vendored import VENDORED\n"
        "for path in (sysconfig.get_paths()['purelib'], DEFAULT_POLICIES, CRD_DIR, SCHEMA_DIR, VENDORED): print(path)\n"
    )
    purelib, *folders = _run(installed / "bin" / "python", "-c", code, cwd=installed).splitlines()
    package = Path(purelib) / "fleetform"
    assert folders == [
        f"{package}/policies",
        f"{package}/schemas/crds",
        f"{package}/tfschema/schemas",
        f"{package}/versions/vendored",
    ]
    assert _files(package / "policies") == _files(REPO / "policies")
    assert _files(package / "schemas/crds") == _files(REPO / "fleetform/schemas/crds") == []
    assert _files(package / "tfschema/schemas") == _files(REPO / "fleetform/tfschema/schemas")
    vendored = _files(package / "versions/vendored")
    assert vendored == _files(REPO / "fleetform/versions/vendored")
    assert "flux/v2.9.4/gotk-components.yaml" in vendored and "istio/1.30.3/values/istiod.json" in vendored


def test_installed_check_runs_on_dist_from_another_folder(
    installed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"  # no policies/, settings/ or dist/ here
    elsewhere.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    out = _run(installed / "bin" / "fleetform", "check", REPO / "dist", cwd=elsewhere, env=env)
    lines = out.splitlines()
    assert lines[0] == "== schema validation"
    assert SUMMARY.fullmatch(lines[1]), lines[1]
    assert lines[2] == "== policies"
    integrity = lines.index("== integrity")
    assert POLICIES.fullmatch(lines[integrity - 1]), lines[integrity - 1]
    assert INTEGRITY.fullmatch(lines[-3]), lines[-3]
    assert lines[-2] == "== secrets"
    assert SECRETS.fullmatch(lines[-1]), lines[-1]
    monkeypatch.chdir(elsewhere)
    assert check.run([str(REPO / "dist")]) == 0
    assert out == capsys.readouterr().out  # exactly what this checkout reports
