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
    ``ENABLE_GPU_ACCELERATION``, ``ML_MODEL_VERSION`` (the model the workers serve) and one
    ``FEATURE_<NAME>`` per feature flag. ``checksum`` lets pod templates roll when the settings change."""

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
    ) -> None:
        super().__init__(scope, id)
        if log_level not in LOG_LEVELS:
            raise PropError(f"SettingsConfigMap '{name}'", "log_level", log_level, f"must be one of {LOG_LEVELS}")
        if workers < 1:
            raise PropError(f"SettingsConfigMap '{name}'", "workers", workers, "must be >= 1")
        self.name = name
        self.data = {
            "ENABLE_AUTO_RETRAINING": str(auto_retraining).lower(),
            "ENABLE_GPU_ACCELERATION": str(gpu_acceleration).lower(),
            "ML_ENVIRONMENT": environment,
            "ML_LOG_LEVEL": log_level,
            "ML_MODEL_VERSION": model_version,
            "ML_WORKERS": str(workers),
            **{f"FEATURE_{flag.upper()}": str(on).lower() for flag, on in sorted(feature_flags.items())},
        }
        self.checksum = hashlib.sha256(json.dumps(self.data, sort_keys=True).encode()).hexdigest()
        k8s.KubeConfigMap(
            self,
            "Resource",
            metadata=k8s.ObjectMeta(name=name, namespace=namespace, labels=labels.all),
            data=self.data,
            immutable=False,
        )
