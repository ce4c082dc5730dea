"""The three renderings of one report: exact text, markdown within GitHub's comment limit, JSON in full."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fleetform.cli import main
from fleetform.diff.formats import FORMATS, Options
from fleetform.diff.formats.markdown import COMMENT_LIMIT
from fleetform.diff.model import ClusterDiff, DiffReport, FieldChange, Headline, ObjectChange

SNAPSHOTS = Path(__file__).parent / "snapshots"


def _snapshot(name: str, rendered: str, report: DiffReport) -> None:
    """Compare with ``snapshots/<name>`` (the base commit written ``{base}``); regenerate on purpose with
    ``FLEETFORM_UPDATE_SNAPSHOTS=1 pytest tests/diff`` and review the diff."""
    text = rendered.replace(report.base_commit[:12], "{base}")
    if os.environ.get("FLEETFORM_UPDATE_SNAPSHOTS") == "1":
        (SNAPSHOTS / name).write_text(text)
    assert text == (SNAPSHOTS / name).read_text()


def test_text(report: DiffReport) -> None:
    _snapshot("release.txt", FORMATS["text"](report, Options()), report)


def test_text_colours_only_when_asked(report: DiffReport) -> None:
    coloured = FORMATS["text"](report, Options(colour=True))
    assert "\033[1;31m      ! deletion_protection: true → false\033[0m" in coloured
    assert "\033[1mWhat matters:\033[0m" in coloured
    assert "\033" not in FORMATS["text"](report, Options())


def test_markdown(report: DiffReport) -> None:
    comment = FORMATS["markdown"](report, Options())
    _snapshot("release.md", comment, report)
    assert comment.startswith("<!-- fleetform-diff -->\n")
    assert comment.count("<details>") == 2
    assert "Truncated" not in comment


def _huge(clusters: int, objects: int, value: int) -> DiffReport:
    """``clusters`` clusters of ``objects`` objects, each with a change of its own to a ``value``-long value."""
    made = tuple(
        ClusterDiff(
            f"aws-env{c}",
            f"env{c}",
            tuple(
                ObjectChange(
                    f"aws-env{c}", "k8s", f"v1 ConfigMap ns/cm-{o}", f"ConfigMap cm-{o}", "changed",
                    f"dist/k8s/aws-env{c}/cm-{o}.yaml",
                    (FieldChange("data.key", "changed", "a" * value, "b" * value, None, f"data {c}-{o}"),),
                    None, "",
                )
                for o in range(objects)
            ),
        )
        for c in range(clusters)
    )  # fmt: skip
    headline = Headline(None, "ConfigMap data.key a → b", clusters * objects, (), False, (), False)
    return DiffReport(
        "main (1a2b3c4d5e6f)", "1a2b3c4d5e6f" + "0" * 28, "working tree", "dist", (), made, (headline,), ()
    )


def test_markdown_stays_within_the_comment_limit_and_says_what_it_left_out() -> None:
    comment = FORMATS["markdown"](_huge(60, 300, 40), Options())
    assert len(comment) <= COMMENT_LIMIT
    assert comment.count("<details>") == 60
    short = comment.count("(listing too long for a comment)")
    assert comment.count("```") == 2 * (60 - short)
    assert comment.endswith(
        f"> **Truncated** ({short} clusters shown by their summary only): a comment holds at most 65,536 "
        "characters. Run `fleetform diff --base 1a2b3c4d5e6f` for the whole diff.\n"
    )
    comment = FORMATS["markdown"](_huge(1_000, 1, 2_000), Options())
    assert len(comment) <= COMMENT_LIMIT
    shown = comment.count("<details>")
    assert comment.endswith(
        f"> **Truncated** ({1_000 - shown:,} cluster sections left out): a comment holds at most 65,536 "
        "characters. Run `fleetform diff --base 1a2b3c4d5e6f` for the whole diff.\n"
    )


def test_json_keeps_values_whole(report: DiffReport) -> None:
    data = json.loads(FORMATS["json"](report, Options()))
    assert data["totals"] == {
        "k8s": {"added": 0, "removed": 1, "changed": 2},
        "terraform": {"added": 1, "removed": 1, "changed": 3},
    }
    image = data["clusters"][0]["objects"][1]["fields"][3]
    assert image["new"] == "ghcr.io/acme/api:1.1.0@sha256:" + "2" * 64
    assert data["headlines"][0] == {
        "category": "destroyed",
        "text": "destroyed aws_s3_bucket.logs",
        "objects": 1,
        "clusters": ["aws-production"],
        "all_environments": False,
        "examples": ["aws_s3_bucket.logs"],
        "repeated": False,
    }


def test_the_command_exits_0_unless_asked(
    changed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(changed)
    assert main(["diff", "--no-cache"]) == 0
    assert capsys.readouterr().out.startswith("fleetform diff: dist at main (merge base ")
    assert main(["diff", "--no-cache", "--exit-code", "dist/k8s"]) == 1
    assert main(["diff", "--no-cache", "--exit-code", "--base", "HEAD", "--color", "always", "dist/k8s/aws-dev"]) == 1
    assert "\033[1;31m  - networking.k8s.io/v1 NetworkPolicy ml-dev/allow-metrics (removed)" in capsys.readouterr().out


def test_no_change(gitops: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(gitops)
    assert main(["diff", "--exit-code", "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert out.endswith(") → working tree\nno changes\n")


def test_the_command_loads_no_synth_machinery(changed: Path) -> None:
    script = (
        "import sys; from fleetform.cli import main; main(['diff', '--no-cache']); "
        "print(sorted(m for m in sys.modules if m.startswith(('cdk8s', 'jsii', 'cdktn', 'fleetform.synth'))))"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=changed, capture_output=True, text=True, check=True)
    assert proc.stdout.splitlines()[-1] == "[]"
