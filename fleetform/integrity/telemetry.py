"""The telemetry charts as the world sees them: their pods (the labels NetworkPolicies select), Services and
ServiceAccounts, and the env vars their pods read from Secrets (the chart values that name them).

Facts read from the charts' templates at the pinned versions:

- open-telemetry/opentelemetry-helm-charts ``charts/opentelemetry-collector`` 0.170.0: ``_helpers.tpl``
  (fullname, ``selectorLabels``: name and instance; ``component: standalone-collector`` in deployment
  mode), ``templates/deployment.yaml``, ``service.yaml`` (the enabled ``ports``), ``serviceaccount.yaml``;
- jaegertracing/helm-charts ``charts/jaeger`` 4.11.1: ``templates/jaeger/jaeger-deploy.yaml`` (labels
  plus ``app.kubernetes.io/component: all-in-one``, ``jaeger.extraEnv``), ``jaeger-service.yaml``,
  ``jaeger-service-account.yaml`` (named as the fullname);
- fluent/helm-charts ``charts/fluent-bit`` 0.58.1: ``templates/daemonset.yaml`` (``kind: DaemonSet``),
  ``_pod.tpl`` (``env``, ``tolerations``), ``service.yaml`` (port 2020), ``serviceaccount.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fleetform.integrity.world import Produced, Production, Release

COLLECTOR_FACT = "open-telemetry/opentelemetry-helm-charts charts/opentelemetry-collector templates, _helpers.tpl"
JAEGER_FACT = "jaegertracing/helm-charts charts/jaeger templates/jaeger/*.yaml, _helpers.tpl"
FLUENT_BIT_FACT = "fluent/helm-charts charts/fluent-bit templates/{daemonset,service,serviceaccount}.yaml, _pod.tpl"


def collector(r: Release, name: str) -> Production:
    labels = _selector(r, "opentelemetry-collector") | {"component": "standalone-collector"}
    ports = [
        {"name": port, "port": spec.get("servicePort"), "targetPort": spec.get("containerPort")}
        for port, spec in sorted((r.value("ports") or {}).items())
        if isinstance(spec, Mapping) and spec.get("enabled")
    ]
    env = r.value("extraEnvs") or []
    return Production(
        objects=(
            _service(r, name, ports, labels, COLLECTOR_FACT),
            _account(r, str(r.value("serviceAccount", "name") or name), COLLECTOR_FACT),
        ),
        pods=(r.pod(_kind(r), name, labels, _spec("opentelemetry-collector", env, r.value("tolerations"))),),
    )


def jaeger(r: Release, name: str) -> Production:
    labels = _selector(r, "jaeger") | {"app.kubernetes.io/component": "all-in-one"}
    ports = [{"name": n, "port": p} for n, p in (("otlp-grpc", 4317), ("otlp-http", 4318), ("http-query", 16686))]
    return Production(
        objects=(
            _service(r, name, ports, labels, JAEGER_FACT),
            _account(r, name, JAEGER_FACT),
        ),
        pods=(r.pod("Deployment", name, labels, _spec("jaeger", r.value("jaeger", "extraEnv") or [], None)),),
    )


def fluent_bit(r: Release, name: str) -> Production:
    labels = _selector(r, "fluent-bit")
    ports = [{"name": "http", "port": r.value("service", "port", default=2020)}]
    kind = str(r.value("kind", default="DaemonSet"))
    return Production(
        objects=(
            _service(r, name, ports, labels, FLUENT_BIT_FACT),
            _account(r, str(r.value("serviceAccount", "name") or name), FLUENT_BIT_FACT),
        ),
        pods=(r.pod(kind, name, labels, _spec("fluent-bit", r.value("env") or [], r.value("tolerations"))),),
    )


#: Each chart's producer, by chart name (called with the chart's fullname).
PRODUCERS: dict[str, Callable[[Release, str], Production]] = {
    "opentelemetry-collector": collector,
    "jaeger": jaeger,
    "fluent-bit": fluent_bit,
}


def _selector(r: Release, chart: str) -> dict[str, str]:
    return {"app.kubernetes.io/name": str(r.value("nameOverride") or chart), "app.kubernetes.io/instance": r.name}


def _kind(r: Release) -> str:
    return {"daemonset": "DaemonSet", "statefulset": "StatefulSet"}.get(str(r.value("mode")), "Deployment")


def _spec(container: str, env: Any, tolerations: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {"containers": [{"name": container, "env": list(env) if isinstance(env, list) else []}]}
    if tolerations:
        spec["tolerations"] = tolerations
    return spec


def _service(r: Release, name: str, ports: list[dict[str, Any]], selector: Mapping[str, str], fact: str) -> Produced:
    data = {"metadata": {"name": name}, "spec": {"ports": ports, "selector": dict(selector)}}
    return r.produced("Service", name, fact, data=data)


def _account(r: Release, name: str, fact: str) -> Produced:
    return r.produced("ServiceAccount", name, fact)
