"""The parse cache: hits, misses, bad input never stored, damaged entries parsed again, pruning; and the
policy run it serves gives the same report with and without it, without loading a YAML parser when warm."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fleetform.errors import UserError
from fleetform.parse_cache import ParseCache, prune
from fleetform.policy.api import check_paths
from fleetform.policy.formats import FORMATS

ROOT = Path(__file__).resolve().parents[2]


class Counting:
    """A parse function that counts its calls."""

    def __init__(self, value: object) -> None:
        self.value, self.calls = value, 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def test_second_read_of_the_same_bytes_is_a_hit(tmp_path: Path) -> None:
    parse = Counting([(1, {"kind": "Namespace"})])
    assert ParseCache(tmp_path).cached("manifests", b"kind: Namespace\n", parse) == [(1, {"kind": "Namespace"})]
    again = ParseCache(tmp_path).cached("manifests", b"kind: Namespace\n", parse)
    assert again == [(1, {"kind": "Namespace"})] and parse.calls == 1
    ParseCache(tmp_path).cached("manifests", b"kind: Service\n", parse)  # other bytes: parsed
    ParseCache(tmp_path).cached("json", b"kind: Namespace\n", parse)  # another parser: parsed
    assert parse.calls == 3
    assert len(list(tmp_path.glob("*.pickle"))) == 3


def test_bad_input_is_not_stored(tmp_path: Path) -> None:
    def bad() -> object:
        raise UserError("x.yaml:1: broken")

    with pytest.raises(UserError):
        ParseCache(tmp_path).cached("manifests", b": :", bad)
    assert list(tmp_path.iterdir()) == []


def test_a_damaged_entry_is_parsed_again(tmp_path: Path) -> None:
    parse = Counting({"a": 1})
    ParseCache(tmp_path).cached("json", b"{}", parse)
    (entry,) = tmp_path.glob("*.pickle")
    entry.write_bytes(b"\x80garbage")
    assert ParseCache(tmp_path).cached("json", b"{}", parse) == {"a": 1}
    assert parse.calls == 2


def test_an_unwritable_folder_only_costs_speed(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    parse = Counting(7)
    assert ParseCache(blocker / "cache").cached("json", b"7", parse) == 7
    assert ParseCache(blocker / "cache").cached("json", b"7", parse) == 7
    assert parse.calls == 2


def test_prune_keeps_the_newer_half(tmp_path: Path) -> None:
    for i in range(10):
        entry = tmp_path / f"{i:02d}.pickle"
        entry.write_bytes(b"x")
        os.utime(entry, ns=(i * 10**9, i * 10**9))
    assert prune(tmp_path, limit=20) == 0
    assert prune(tmp_path, limit=8) == 6
    assert sorted(p.name for p in tmp_path.iterdir()) == ["06.pickle", "07.pickle", "08.pickle", "09.pickle"]


def _report(tree: Path, parse_cache: Path | None) -> str:
    report = check_paths([tree], parse_cache_dir=parse_cache, workers=1)
    return FORMATS["json"](report, "low")


def test_policy_report_is_the_same_with_the_cache(tmp_path: Path) -> None:
    tree = tmp_path / "dist"
    shutil.copytree(ROOT / "dist" / "k8s" / "aws-dev", tree / "k8s" / "aws-dev")
    shutil.copytree(ROOT / "dist" / "terraform" / "aws-dev", tree / "terraform" / "aws-dev")
    plain = _report(tree, None)
    cold = _report(tree, tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("*.pickle"))) > 100
    warm = _report(tree, tmp_path / "cache")
    assert plain == cold == warm
    assert json.loads(warm)["summary"]["objects"] > 100
    # An edited file is read afresh: its finding appears on the warm cache.
    deployment = next((tree / "k8s" / "aws-dev" / "apps").rglob("deployment-api.yaml"))
    deployment.write_text(
        deployment.read_text().replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false")
    )
    edited = json.loads(_report(tree, tmp_path / "cache"))
    assert any(f["policy"] == "k8s-read-only-root-fs" for f in edited["findings"])


WARM_RUN = """
import sys
from fleetform.commands.policy import run
code = run(sys.argv[1:])
print(sorted(m for m in sys.modules if m == "yaml" or m.startswith(("yaml.", "yaml_rs", "fleetform.documents"))))
sys.exit(code)
"""


def test_a_warm_run_loads_no_yaml_parser(tmp_path: Path) -> None:
    tree = tmp_path / "dist"
    shutil.copytree(ROOT / "dist" / "k8s" / "gcp-dev" / "apps", tree)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    argv = [sys.executable, "-c", WARM_RUN, str(tree), "--format", "json", "--output", str(tmp_path / "r.json")]
    cold = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    assert cold.returncode == 0, cold.stderr
    assert "'yaml'" in cold.stdout  # parsed: the parsers were loaded
    warm = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    assert warm.returncode == 0, warm.stderr
    assert warm.stdout.splitlines()[-1] == "[]"


def test_a_folder_others_may_write_is_not_read(tmp_path: Path) -> None:
    # Entries are pickles: a shared, writable folder could hand us someone else's code.
    shared = tmp_path / "shared"
    shared.mkdir()
    parse = Counting({"a": 1})
    ParseCache(shared).cached("json", b"{}", parse)
    assert len(list(shared.glob("*.pickle"))) == 1
    shared.chmod(0o777)
    assert ParseCache(shared).cached("json", b"{}", parse) == {"a": 1}
    assert parse.calls == 2  # parsed again, the entry ignored


def test_the_cache_folder_is_created_user_only(tmp_path: Path) -> None:
    ParseCache(tmp_path / "new").cached("json", b"1", Counting(1))
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o700
    assert [p.stat().st_mode & 0o777 for p in (tmp_path / "new").iterdir()] == [0o600]


def test_changed_parsing_code_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fleetform.parse_cache as parse_cache

    parse = Counting([1])
    ParseCache(tmp_path).cached("manifests", b"x: 1\n", parse)
    ParseCache(tmp_path).cached("manifests", b"x: 1\n", parse)
    assert parse.calls == 1
    # The key covers the parsing modules' source: an edit (here: one more module listed) is a new key.
    monkeypatch.setattr(parse_cache, "PARSING_MODULES", (*parse_cache.PARSING_MODULES, "cli.py"))
    ParseCache(tmp_path).cached("manifests", b"x: 1\n", parse)
    assert parse.calls == 2
