"""Settings of the platform's telemetry beyond metrics: traces (OpenTelemetry Collector -> Jaeger) and logs
(Fluent Bit -> Elasticsearch), per environment (``settings/environments/<env>.yaml``, keys ``tracing`` and
``logging``).

Where the data goes, decided once for every cloud: traces and logs go to the same Elasticsearch (traces
through Jaeger v2, which stores its spans there under :attr:`Tracing.index_prefix`), not to each cloud's own
trace and log services (X-Ray and CloudWatch, Application Insights and Log Analytics, Cloud Trace and Cloud
Logging): one query language and one retention policy for the nine clusters, and an incident that crosses
clouds is read in one place. The Elasticsearch credentials are an entry of the cloud's secret store (the
stack creates it with a placeholder; the operator writes the real value out of band) that External Secrets
copies into the clusters: never in the settings, never in ``dist/``.
"""

from __future__ import annotations

import math
import urllib.parse
from dataclasses import dataclass
from typing import Annotated

from fleetform.rules import Rule
from fleetform.settings.formats import DNS_LABEL, HTTPS_URL


def _sampling_problem(value: float) -> str | None:
    """``0 < value <= 100`` and finite (NaN and infinities are refused by the loader's float conversion)."""
    if not math.isfinite(value):
        return "is not a finite number"
    return "is not above 0 (no trace would ever be kept; set tracing.enabled: false instead)" if value <= 0 else None


#: The share of requests the mesh traces, in percent: above 0, at most 100.
SAMPLING = Rule(le=100, problem=_sampling_problem, means="a percentage above 0 and at most 100, such as 10 or 0.5")


@dataclass(frozen=True)
class Tracing:
    """Distributed tracing: an OpenTelemetry Collector receives spans from the mesh's sidecars and gateways
    (Istio's ``opentelemetry`` extension provider) and from the platform's own workloads (OTLP, their
    ``OTEL_EXPORTER_OTLP_ENDPOINT``) and exports them to Jaeger, which stores them in the Elasticsearch of
    :class:`Logging` under ``index_prefix``.

    ``sampling_percent``: the share of requests the mesh starts a trace for (a request arriving with a
    sampling decision keeps it). Production's 1 % of its traffic is still thousands of traces an hour at the
    sizes it is built for, enough to see every slow path, while the spans stay a small fraction of the log
    volume; staging takes 10 % (its load tests are smaller) and dev 100 % (few requests, and a developer
    wants the trace of the request they just sent).
    """

    enabled: bool = True
    sampling_percent: Annotated[float, SAMPLING] = 1.0
    index_prefix: Annotated[str, DNS_LABEL] = "jaeger"


@dataclass(frozen=True)
class Logging:
    """Log shipping: Fluent Bit on every node tails the containers' logs, parses the platform's structured
    JSON lines and ships them over TLS to ``elasticsearch_url`` into the daily indices ``<index>-YYYY.MM.DD``.
    ``credentials``: the name part of the secret store entry (``<platform>-<environment>-<credentials>``, a
    JSON object with ``username`` and ``password``) that the stack creates and External Secrets copies into the
    Secret the shippers (and Jaeger) read."""

    enabled: bool = True
    elasticsearch_url: Annotated[str, HTTPS_URL] = "https://elasticsearch.ml.acme.example"
    index: Annotated[str, DNS_LABEL] = "ml-platform"
    credentials: Annotated[str, DNS_LABEL] = "elasticsearch"

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.elasticsearch_url).hostname or ""

    @property
    def port(self) -> int:
        """The URL's port, 443 when it names none."""
        return urllib.parse.urlsplit(self.elasticsearch_url).port or 443

    @property
    def path(self) -> str:
        """The URL's path prefix (an Elasticsearch behind a proxy path), ``""`` for none."""
        return urllib.parse.urlsplit(self.elasticsearch_url).path.rstrip("/")


def uses_elasticsearch(tracing: Tracing, logging: Logging) -> bool:
    """Whether anything of the environment writes to the Elasticsearch of ``logging`` (its credentials entry
    and Secret exist then)."""
    return tracing.enabled or logging.enabled
