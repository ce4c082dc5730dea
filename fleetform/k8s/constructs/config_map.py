"""The platform settings ConfigMap (the ``ML_*`` and feature-flag environment variables)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from cdk8s_plus_33 import k8s
from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s.labels import AppLabels

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class SettingsConfigMap(Construct):
    """``ML_ENVIRONMENT``, ``ML_LOG_LEVEL``, ``ML_WORKERS``, ``ENABLE_AUTO_RETRAINING``,
    ``ENABLE_GPU_ACCELERATION``, ``ML_MODEL_VERSION`` (the model the workers serve), one
    ``FEATURE_<NAME>`` per feature flag, and the OpenTelemetry SDK's settings: with ``otlp_endpoint`` the
    workloads export their spans there (OTLP gRPC), starting a trace for ``trace_ratio`` of the requests that
    arrive without one (a request from the mesh keeps its sampling decision: ``parentbased_traceidratio``);
    without it they export none. ``checksum`` lets pod templates roll when the settings change."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        namespace: str,
        labels: AppLabels,
        environment: str,
        log_level: str,
        workers: int,
        auto_retraining: bool,
        gpu_acceleration: bool,
        model_version: str,
        feature_flags: Mapping[str, bool],
        otlp_endpoint: str | None = None,
        trace_ratio: float = 1.0,
    ) -> None:
        super().__init__(scope, id)
        if log_level not in LOG_LEVELS:
            raise PropError(f"SettingsConfigMap '{name}'", "log_level", log_level, f"must be one of {LOG_LEVELS}")
        if workers < 1:
            raise PropError(f"SettingsConfigMap '{name}'", "workers", workers, "must be >= 1")
        if otlp_endpoint is not None and not otlp_endpoint.startswith(("http://", "https://")):
            raise PropError(f"SettingsConfigMap '{name}'", "otlp_endpoint", otlp_endpoint, "must be an http(s):// URL")
        if not 0 < trace_ratio <= 1:
            raise PropError(f"SettingsConfigMap '{name}'", "trace_ratio", trace_ratio, "must be above 0 and <= 1")
        self.name = name
        self.data = {
            "ENABLE_AUTO_RETRAINING": str(auto_retraining).lower(),
            "ENABLE_GPU_ACCELERATION": str(gpu_acceleration).lower(),
            "ML_ENVIRONMENT": environment,
            "ML_LOG_LEVEL": log_level,
            "ML_MODEL_VERSION": model_version,
            "ML_WORKERS": str(workers),
            **{f"FEATURE_{flag.upper()}": str(on).lower() for flag, on in sorted(feature_flags.items())},
            **_otel(otlp_endpoint, trace_ratio),
        }
        self.checksum = hashlib.sha256(json.dumps(self.data, sort_keys=True).encode()).hexdigest()
        k8s.KubeConfigMap(
            self,
            "Resource",
            metadata=k8s.ObjectMeta(name=name, namespace=namespace, labels=labels.all),
            data=self.data,
            immutable=False,
        )


def _otel(endpoint: str | None, ratio: float) -> dict[str, str]:
    """The OpenTelemetry SDK's standard environment variables (the service name comes from each pod's
    ``app.kubernetes.io/name`` label, :func:`fleetform.k8s.pod.platform_env`)."""
    if endpoint is None:
        return {"OTEL_TRACES_EXPORTER": "none"}
    return {
        "OTEL_EXPORTER_OTLP_ENDPOINT": endpoint,
        "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc",
        "OTEL_TRACES_SAMPLER": "parentbased_traceidratio",
        "OTEL_TRACES_SAMPLER_ARG": f"{ratio:g}",
    }
