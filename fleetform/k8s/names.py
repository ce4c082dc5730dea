"""Names shared by the charts of a cluster (one place, so cross-references cannot drift)."""

from __future__ import annotations

from fleetform.settings import Cluster
from fleetform.settings.ingress import API as API
from fleetform.settings.ingress import API_PORT as API_PORT
from fleetform.settings.ingress import SERVICE_PORT as SERVICE_PORT
from fleetform.settings.namespaces import CERT_MANAGER_NS as CERT_MANAGER_NS
from fleetform.settings.namespaces import EXTERNAL_SECRETS_NS as EXTERNAL_SECRETS_NS
from fleetform.settings.namespaces import FLAGGER_NS as FLAGGER_NS
from fleetform.settings.namespaces import FLUX_NS as FLUX_NS
from fleetform.settings.namespaces import ISTIO_NS as ISTIO_NS
from fleetform.settings.namespaces import LOGGING_NS as LOGGING_NS
from fleetform.settings.namespaces import MONITORING_NS as MONITORING_NS
from fleetform.settings.namespaces import TRACING_NS as TRACING_NS
from fleetform.settings.namespaces import VELERO_NS as VELERO_NS

WORKER, RETRAINING, SCALER = "model-worker", "retraining", "off-hours-scaler"
WORKER_PORT, METRICS_PORT = 8081, 9090
CONFIG_MAP, SERVICE_ACCOUNT = "ml-platform-settings", "ml-platform"
PRIORITY_CLASS, STORAGE_CLASS = "ml-platform-serving", "ml-ssd"
ISSUER, GATEWAY = "letsencrypt", "api-gateway"
#: kube-prometheus-stack's Prometheus Service (the chart's fullname, release ``kube-prometheus-stack``, plus
#: ``-prometheus``; port 9090): where Flagger queries its gates.
PROMETHEUS_PORT = 9090
PROMETHEUS_URL = f"http://kube-prometheus-stack-prometheus.{MONITORING_NS}.svc.cluster.local:{PROMETHEUS_PORT}"


def api_host(cluster: Cluster) -> str:
    """``api.<environment>.<cloud>.<domain>``: the public name of a cluster's API."""
    return f"api.{cluster.environment}.{cluster.cloud.name}.{cluster.platform.tls.domain}"
