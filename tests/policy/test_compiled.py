"""The policy library compiled ahead of time (policies/compiled.bin): fresh, used first, and harmless when
stale or foreign."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from fleetform.cel.cache import runtime_id
from fleetform.cli import main
from fleetform.policy import compiled
from fleetform.policy.api import check_paths
from fleetform.policy.loader import DEFAULT_POLICIES
from tests.policy.helpers import DEPLOYMENT_RULES, DEPLOYMENTS, write_file, write_policy


def test_the_shipped_file_is_what_the_library_compiles_to_now() -> None:
    """Stale? Run ``fleetform policy --compile`` and commit policies/compiled.bin."""
    shipped = (DEFAULT_POLICIES / compiled.FILE_NAME).read_bytes()
    head = compiled.MAGIC + runtime_id().encode() + b"\n"
    built = compiled.build(DEFAULT_POLICIES)
    assert built.startswith(head)
    # The entries (the runtime line may be another's), compared by digest: a failing comparison of two
    # megabytes of bytes would have pytest work out their diff for many minutes.
    entries = [hashlib.sha256(found.split(b"\n", 2)[2]).hexdigest() for found in (shipped, built)]
    assert entries[0] == entries[1], "policies/compiled.bin is stale: run fleetform policy --compile"


def test_every_policy_file_and_program_of_the_library_is_in_it() -> None:
    found = compiled.read_compiled(DEFAULT_POLICIES)
    assert found is not None
    files = [*DEFAULT_POLICIES.glob("*/policy.yaml"), *DEFAULT_POLICIES.glob("*/params.yaml")]
    assert all(found.document(file.read_bytes()) is not None for file in files)
    text = (DEFAULT_POLICIES / "waivers.yaml").read_text(encoding="utf-8")
    entries = [
        (n, line.split(":", 1)[1].strip()) for n, line in enumerate(text.splitlines(), 1) if line.startswith("  - id:")
    ]
    waivers = found.document(text.encode())
    assert [w["id"] for w in waivers[0]["waivers"]] == [name for _, name in entries]
    assert waivers[1] == [n for n, _ in entries]  # the line of each waiver, for messages
    assert len(found.documents) == len(files) + 1
    assert len(found.programs) > 200


@pytest.fixture()
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_file(tmp_path, "dist/k8s/aws-dev/deployments.yaml", DEPLOYMENTS)
    rule = (
        "validations:\n- expression: object.spec.replicas > 2\n"
        "  messageExpression: \"'replicas: ' + string(object.spec.replicas)\"\n"
    )
    write_policy(tmp_path, "replicas", DEPLOYMENT_RULES + rule)
    return tmp_path / "policies"


def _messages(library: Path) -> list[str]:
    report = check_paths([Path("dist")], policies_dir=library, workers=1)
    return [f"{f.object}: {f.message}" for f in report.findings]


def test_compile_writes_the_file_and_runs_read_it(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "--compile", "--policies", str(library)]) == 0
    assert capsys.readouterr().out == f"wrote {(library / 'compiled.bin').as_posix()}\n"
    found = compiled.read_compiled(library)
    assert found is not None and len(found.documents) == 1
    assert sorted(found.programs) == sorted(
        compiled.key(s.encode()) for s in ("object.spec.replicas > 2", "'replicas: ' + string(object.spec.replicas)")
    )
    assert _messages(library) == ["apps/v1 Deployment other/worker: replicas: 1"]


def test_a_policy_edited_since_is_parsed_and_compiled_again(library: Path) -> None:
    compiled.write_compiled(library)
    file = library / "replicas" / "policy.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("> 2", "> 5"), encoding="utf-8")
    assert _messages(library) == [
        "apps/v1 Deployment ml-dev/api: replicas: 3",
        "apps/v1 Deployment other/worker: replicas: 1",
    ]


def test_a_file_written_by_another_runtime_or_cut_short_is_not_used(library: Path) -> None:
    path = compiled.write_compiled(library)
    data = path.read_bytes()
    path.write_bytes(data.replace(runtime_id().encode(), b"fleetform-k8scel-0 cel-expr-python/1"))
    assert compiled.read_compiled(library) is None
    path.write_bytes(data[:-1])
    assert compiled.read_compiled(library) is None
    assert _messages(library) == ["apps/v1 Deployment other/worker: replicas: 1"]
