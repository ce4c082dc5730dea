"""An edit re-renders only the clusters whose settings it touches: ``rendered`` and ``synthesized`` of the
synth result name them."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleetform.errors import UserError
from fleetform.render.k8s_tree import FLUX, LAYER_NAMES, cluster_files
from fleetform.render.tree import read_tree
from fleetform.synth import merged, synthesize

STAGING = ("aws-staging", "azure-staging", "gcp-staging")
STAGING_APPS = tuple(f"{cluster}/apps" for cluster in STAGING)


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


def test_a_kubernetes_only_edit_of_one_environment_renders_the_layers_that_read_it_and_no_stack(project: Path) -> None:
    before = read_tree(project)
    _edit("environments/staging.yaml", "replicas: {min: 2, max: 10}", "replicas: {min: 2, max: 12}")
    result = synthesize(Path("settings"), out=project, exact=False)
    # EKS's Karpenter NodePools (configs layer) are sized from the autoscalers' maxima: they read the bound too
    assert (result.rendered, result.synthesized) == (("aws-staging/configs", *STAGING_APPS), ())
    assert _changed(before, merged(result, project)) == [*STAGING, "manifest.json"]


def test_an_edit_that_changes_no_value_renders_nothing(project: Path) -> None:
    _edit("platform.yaml", "images:", "images:   # a comment, and the settings are the same values")
    result = synthesize(Path("settings"), out=project, exact=False)
    assert (result.rendered, result.synthesized) == ((), ())
    assert result.tree == read_tree(project)


def test_exact_renders_everything(project: Path) -> None:
    result = synthesize(Path("settings"), out=project, exact=True, terraform=False)
    assert result.rendered[:5] == (
        "aws-dev/flux",
        "aws-dev/controllers",
        "aws-dev/configs",
        "aws-dev/apps",
        "aws-staging/flux",
    )
    assert len(result.rendered) == 9 * 4


def test_the_layer_names_are_the_charts_layers() -> None:
    from fleetform.k8s.charts import LAYERS

    assert list(LAYER_NAMES) == [FLUX, *LAYERS]


def test_two_layers_with_the_same_object_collide() -> None:
    ns = ["v1", "Namespace", "", "ml-dev"]
    with pytest.raises(UserError) as raised:
        cluster_files(
            "aws-dev",
            {
                "controllers": [[*ns, "controllers/namespace-ml-dev.yaml"]],
                "apps": [[*ns, "apps/namespace-ml-dev.yaml"]],
            },
        )
    assert raised.value.message == (
        "dist/k8s/aws-dev/apps/namespace-ml-dev.yaml: v1 Namespace ml-dev collides with "
        "dist/k8s/aws-dev/controllers/namespace-ml-dev.yaml; expected unique kind, namespace and name per cluster "
        "(rename one of the constructs' objects)"
    )
