"""``fleetform images``: the images dist/ runs, for the pipeline's scan, and the scan's exceptions (owned,
dated, justified) turned into Trivy's ignore file; expired ones fail like expired waivers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from fleetform.cli import main
from fleetform.errors import UserError
from fleetform.images.collect import images_of
from fleetform.images.exceptions import load_exceptions, trivy_ignore


def test_the_images_of_the_committed_dist(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Pod specs (the platform, Flux's controllers, the scaler's kubectl) and HelmRelease values (Velero's plugins,
    the telemetry charts', Falco's and Flagger's image mappings)."""
    assert main(["images", str(repo / "dist/k8s")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("@")[0] for line in lines] == [
        "cr.fluentbit.io/fluent/fluent-bit:5.1.1",
        "docker.io/falcosecurity/falco:0.44.1",
        "docker.io/jaegertracing/jaeger:2.19.0",
        "docker.io/velero/velero-plugin-for-aws:v1.14.2",
        "docker.io/velero/velero-plugin-for-gcp:v1.14.2",
        "docker.io/velero/velero-plugin-for-microsoft-azure:v1.14.2",
        "ghcr.io/acme/ml-platform/api:1.4.2",
        "ghcr.io/acme/ml-platform/model-worker:1.4.2",
        "ghcr.io/acme/ml-platform/retraining:1.4.2",
        "ghcr.io/fluxcd/flagger:1.44.0",
        "ghcr.io/fluxcd/helm-controller:v1.6.3",
        "ghcr.io/fluxcd/kustomize-controller:v1.9.4",
        "ghcr.io/fluxcd/notification-controller:v1.9.3",
        "ghcr.io/fluxcd/source-controller:v1.9.4",
        "ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-k8s:0.158.0",
        "registry.k8s.io/kubectl:v1.35.1",
    ]
    # The charts' images are pinned by the chart version and tag (their digests come with the chart's release).
    charts = ("docker.io/", "cr.fluentbit.io/", "ghcr.io/open-telemetry/", "ghcr.io/fluxcd/flagger:")
    assert all("@sha256:" in line for line in lines if not line.startswith(charts))


def test_an_image_is_listed_once_with_every_file_naming_it(tmp_path: Path) -> None:
    pod = "spec:\n  containers:\n  - {name: a, image: 'r.example/a:1'}\n  - {name: b, image: {repository: x}}\n"
    (tmp_path / "one.yaml").write_text(pod)
    (tmp_path / "two.yml").write_text(
        "values:\n  image: r.example/a:1\n  flags: {image: true}\n"
        "  controller: {image: {repository: r.example/c, tag: '2', digest: 'sha256:ab'}}\n---\n"
    )
    images = images_of([tmp_path])
    assert [(i.ref, [Path(f).name for f in i.files]) for i in images] == [
        ("r.example/a:1", ["one.yaml", "two.yml"]),
        ("r.example/c:2@sha256:ab", ["two.yml"]),
    ]


def test_a_charts_image_mapping_is_listed_when_it_names_a_tag_or_digest(tmp_path: Path) -> None:
    """``registry``/``repository``/``tag``/``digest`` as the charts spell them; without tag or digest the chart
    picks its own image, which dist/ does not say."""
    (tmp_path / "values.yaml").write_text(
        "values:\n"
        "  image: {registry: docker.io, repository: jaegertracing/jaeger, tag: 2.19.0}\n"
        "  sidecar: {image: {repository: r.example/b, digest: 'sha256:00'}}\n"
        "  agent: {image: {repository: r.example/c}}\n"
        "  other: {image: {repository: r.example/d, tag: 5}}\n"
    )
    assert [i.ref for i in images_of([tmp_path])] == ["docker.io/jaegertracing/jaeger:2.19.0", "r.example/b@sha256:00"]


def _exceptions(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "image-exceptions.yaml"
    path.write_text(text)
    return path


VALID = """exceptions:
  - id: CVE-2026-1111
    owner: ml-platform-team
    expires: 2027-01-31
    reason: >-
      not reachable: the parser is never given untrusted input
  - id: GHSA-2c8m-9wq4-rx7j
    owner: security
    expires: 2026-11-30
    reason: fixed upstream, image rebuild pending
"""


def test_valid_exceptions_become_trivys_ignore_file_and_the_expired_fail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    exceptions = load_exceptions(_exceptions(tmp_path, VALID))
    assert yaml.safe_load(trivy_ignore(exceptions, dt.date(2026, 11, 30))) == {
        "vulnerabilities": [
            {
                "id": "CVE-2026-1111",
                "statement": "ml-platform-team: not reachable: the parser is never given untrusted input",
                "expired_at": "2027-01-31",
            },
            {
                "id": "GHSA-2c8m-9wq4-rx7j",
                "statement": "security: fixed upstream, image rebuild pending",
                "expired_at": "2026-11-30",
            },
        ]
    }
    assert [e["id"] for e in yaml.safe_load(trivy_ignore(exceptions, dt.date(2026, 12, 1)))["vulnerabilities"]] == [
        "CVE-2026-1111"
    ]
    out = tmp_path / ".trivyignore.yaml"
    path = str(tmp_path / "image-exceptions.yaml")
    code = main(["images", str(repo / "dist/k8s"), "--trivyignore", str(out), "--exceptions", path])
    today = dt.date.today()
    assert code == (1 if today > dt.date(2026, 11, 30) else 0)
    err = capsys.readouterr().err
    if code:
        assert err == (
            f"{path}:7: exception GHSA-2c8m-9wq4-rx7j (owner security) expired on 2026-11-30; expected the image "
            "fixed, or a new review and expiry\n"
        )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "exceptions: {}\n",
            "image-exceptions.yaml:1: exceptions: missing or not a list; expected a top-level 'exceptions:' list",
        ),
        (
            "exceptions:\n  - id: CVE-2026-1\n    owner: a\n    expires: 2027-01-01\n    reason: r\n",
            "image-exceptions.yaml:2: exceptions[0].id: 'CVE-2026-1' is not a vulnerability id; expected such as "
            "CVE-2024-12345",
        ),
        (
            "exceptions:\n  - id: CVE-2026-1111\n    owner: a\n    reason: r\n",
            "image-exceptions.yaml:2: exceptions[0]: missing expires; expected each of id, owner, expires, reason",
        ),
        (
            "exceptions:\n  - id: CVE-2026-1111\n    owner: a\n    expires: soon\n    reason: r\n",
            "image-exceptions.yaml:2: exceptions[0].expires: 'soon' is not a date; expected a date such as 2027-01-31",
        ),
    ],
)
def test_a_bad_exception_is_one_located_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    _exceptions(tmp_path, text)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UserError) as info:
        load_exceptions(Path("image-exceptions.yaml"))
    assert info.value.message == message


def test_the_repository_exceptions_file_is_valid(repo: Path) -> None:
    assert load_exceptions(repo / "image-exceptions.yaml") == []


def test_an_image_mapping_of_chart_values_is_listed_with_its_registry_when_given(tmp_path: Path) -> None:
    values = (
        "values:\n  image: {registry: docker.io, repository: falcosecurity/falco, tag: 0.44.1}\n"
        "  sidecar: {image: {repository: r.example/s, tag: '2'}}\n  other: {image: {repository: r.example/t}}\n"
    )
    (tmp_path / "release.yaml").write_text(values)
    assert [i.ref for i in images_of([tmp_path])] == ["docker.io/falcosecurity/falco:0.44.1", "r.example/s:2"]
