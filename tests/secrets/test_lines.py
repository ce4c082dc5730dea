"""Each credential is reported at its line in its own document, however many documents the file has."""

from __future__ import annotations

from pathlib import Path

from fleetform.secrets.scan import scan_paths

GHP = "ghp_" + "a1B2c3D4e5F6g7H8i9J0" + "k1L2m3N4o5P6q7R8"


def _config_map(name: str, token: str) -> str:
    return f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  other: x\n  token: {token}\n"


def test_every_document_s_credential_at_its_own_line(tmp_path: Path) -> None:
    file = tmp_path / "many.yaml"
    file.write_text("".join("---\n" + _config_map(f"c{i}", GHP) for i in range(300)))
    found = scan_paths([file]).findings
    assert [f.line for f in found] == [8 * i + 8 for i in range(300)]  # "---" + 7 lines each; token is last


def test_a_credential_its_document_hides_in_an_escape_is_not_placed_in_the_next_one(tmp_path: Path) -> None:
    file = tmp_path / "two.yaml"
    escaped = '"\\x67' + GHP[1:] + '"'  # the same token, its first letter escaped: the text never spells it
    file.write_text(_config_map("hidden", escaped) + "---\n" + _config_map("plain", GHP))
    found = scan_paths([file]).findings
    assert [(f.object, f.path, f.line) for f in found] == [
        ("v1 ConfigMap hidden", "data.token", 7),  # the line of its key, in its own document
        ("v1 ConfigMap plain", "data.token", 15),
    ]
