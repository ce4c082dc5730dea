"""An edit re-renders only the clusters whose settings it touches: ``rendered`` and ``synthesized`` of the
synth result name them."""

from __future__ import annotations

from pathlib import Path

from fleetform.render.tree import read_tree
from fleetform.synth import merged, synthesize

STAGING = ("aws-staging", "azure-staging", "gcp-staging")


def _edit(path: str, old: str, new: str) -> None:
    file = Path("settings") / path
    assert old in file.read_text()
    file.write_text(file.read_text().replace(old, new, 1))


def _changed(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    return sorted(
        {
            path.split("/")[1] if "/" in path else path
            for path in before.keys() | after.keys()
            if before.get(path) != after.get(path)
        }
    )


def test_a_kubernetes_only_edit_of_one_environment_renders_its_clusters_and_no_stack(project: Path) -> None:
    before = read_tree(project)
    _edit("environments/staging.yaml", "replicas: {min: 2, max: 10}", "replicas: {min: 2, max: 12}")
    result = synthesize(Path("settings"), out=project, exact=False)
    assert (result.rendered, result.synthesized) == (STAGING, ())
    assert _changed(before, merged(result, project)) == [*STAGING, "manifest.json"]


def test_an_edit_that_changes_no_value_renders_nothing(project: Path) -> None:
    _edit("platform.yaml", "images:", "images:   # a comment, and the settings are the same values")
    result = synthesize(Path("settings"), out=project, exact=False)
    assert (result.rendered, result.synthesized) == ((), ())
    assert result.tree == read_tree(project)


def test_exact_renders_everything(project: Path) -> None:
    result = synthesize(Path("settings"), out=project, exact=True, terraform=False)
    assert len(result.rendered) == 9 and result.rendered[0] == "aws-dev"
