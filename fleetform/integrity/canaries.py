"""What Flagger makes of a Canary at run time (fluxcd/flagger v1.44.0 ``pkg/canary/deployment_controller.go``
``createPrimaryDeployment``, ``pkg/canary/util.go`` ``makePrimaryLabels``/``getPorts``,
``pkg/router/kubernetes_default.go`` ``reconcileService``, ``pkg/router/istio.go``, ``pkg/canary/hpa_reconciler.go``),
so the rules see the objects the tree leaves to it:

- Deployment ``<target>-primary``: the target's pod template with Flagger's selector label (the first of its
  ``-selector-labels`` the target's ``spec.selector.matchLabels`` holds) set to ``<value>-primary``;
- Services ``<service>`` (apex) and ``<service>-primary`` selecting ``<value>-primary``, ``<service>-canary``
  selecting ``<value>``; each labelled with ``spec.service.{apex,primary,canary}.labels`` and the selector
  label set to the Service's name; ports: ``spec.service.port`` (named ``portName``, default ``http``) and, with
  ``portDiscovery``, every other container port by its name;
- HorizontalPodAutoscaler ``<autoscaler>-primary`` (with ``autoscalerRef``); with Istio, VirtualService
  ``<service>`` and DestinationRules ``<service>-primary`` and ``<service>-canary``.

With config tracking (the chart's default) Flagger also copies the ConfigMaps and Secrets the target's pods
reference to ``<name>-primary`` for the primary's pods; the gate checks the target's references, which those
copies exist by.

The selector labels come from the cluster's Flagger HelmRelease (chart value ``selectorLabels``), else
Flagger's default. Whether Flagger is installed at all is the controllers rule's question (the Canary kind
needs the flagger.app CRDs).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from fleetform.integrity.model import Cluster, Obj, dig
from fleetform.integrity.selectors import Pod
from fleetform.integrity.world import Produced, Production, Release

#: Flagger's ``-selector-labels`` default (cmd/flagger/main.go).
DEFAULT_SELECTOR_LABELS = ("app", "name", "app.kubernetes.io/name")
FACT = "fluxcd/flagger v1.44.0 pkg/canary, pkg/router (kubernetes_default.go, istio.go)"


def canary_production(cluster: Cluster, releases: Sequence[Release]) -> Production:
    labels = selector_labels(releases)
    objects: list[Produced] = []
    pods: list[Pod] = []
    for canary in cluster.of_kind("Canary"):
        made = _made(cluster, canary, labels)
        if made is not None:
            objects.extend(made.objects)
            pods.extend(made.pods)
    return Production(objects=tuple(objects), pods=tuple(pods))


def selector_labels(releases: Sequence[Release]) -> tuple[str, ...]:
    """Flagger's selector labels: its release's ``selectorLabels`` value (comma-separated), else the default."""
    for release in releases:
        if release.chart == "flagger" and release.value("selectorLabels"):
            return tuple(part.strip() for part in str(release.value("selectorLabels")).split(",") if part.strip())
    return DEFAULT_SELECTOR_LABELS


def _made(cluster: Cluster, canary: Obj, labels: tuple[str, ...]) -> Production | None:
    ns, spec = canary.namespace, canary.spec
    target = cluster.get("Deployment", ns, str(dig(spec, "targetRef", "name") or ""))
    if target is None:
        return None  # the refs rule reports a Canary whose target is missing
    selector = dig(target.spec, "selector", "matchLabels") or {}
    label = next((key for key in labels if key in selector), None)
    if label is None:
        return None
    value = str(selector[label])
    template = dig(target.spec, "template") or {}
    pod_labels = {**(dig(template, "metadata", "labels") or {}), label: f"{value}-primary"}
    primary = Pod(
        ns, pod_labels, "Deployment", f"{target.name}-primary", spec=template.get("spec") or {}, by=canary.ref
    )
    service = str(dig(spec, "service", "name") or target.name)
    objects = [
        _produced(
            canary,
            "Deployment",
            f"{target.name}-primary",
            {"spec": {"selector": {"matchLabels": {label: f"{value}-primary"}}}},
        ),
        *_services(canary, service, label, value, _ports(canary, template.get("spec") or {})),
    ]
    autoscaler = dig(spec, "autoscalerRef", "name")
    if autoscaler:
        objects.append(_produced(canary, "HorizontalPodAutoscaler", f"{autoscaler}-primary", {}))
    objects.append(_produced(canary, "VirtualService", service, {}))
    objects += [_produced(canary, "DestinationRule", f"{service}-{track}", {}) for track in ("primary", "canary")]
    return Production(objects=tuple(objects), pods=(primary,))


def _services(canary: Obj, service: str, label: str, value: str, ports: list[dict[str, Any]]) -> Iterator[Produced]:
    for name, track, selects in (
        (service, "apex", f"{value}-primary"),
        (f"{service}-primary", "primary", f"{value}-primary"),
        (f"{service}-canary", "canary", value),
    ):
        own = dig(canary.spec, "service", track, "labels") or {}
        data = {
            "metadata": {"name": name, "labels": {**own, label: name}},
            "spec": {"type": "ClusterIP", "selector": {label: selects}, "ports": ports},
        }
        yield _produced(canary, "Service", name, data)


def _ports(canary: Obj, pod_spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    service = dig(canary.spec, "service") or {}
    port, target = service.get("port"), service.get("targetPort") or service.get("port")
    ports = [{"name": service.get("portName") or "http", "port": port, "targetPort": target}]
    if service.get("portDiscovery"):
        for container in pod_spec.get("containers") or []:
            if container.get("name") == "istio-proxy":
                continue
            for i, p in enumerate(container.get("ports") or []):
                if p.get("name") != target and p.get("containerPort") != target:
                    name = p.get("name") or f"tcp-{container.get('name')}-{i}"
                    ports.append({"name": name, "port": p.get("containerPort"), "targetPort": p.get("containerPort")})
    return ports


def _produced(canary: Obj, kind: str, name: str, data: Mapping[str, Any]) -> Produced:
    body = {
        "metadata": {"name": name, **(dict(data.get("metadata") or {}))},
        **{k: v for k, v in data.items() if k != "metadata"},
    }
    return Produced(kind, canary.namespace, name, canary.ref, FACT, body, canary, ("spec",))
