"""Log shipping: Fluent Bit (chart ``fluent-bit``, a DaemonSet) on every node tails the containers' log files,
parses the platform's structured JSON lines into fields, adds the pod's Kubernetes metadata and ships the
records over TLS to Elasticsearch, signed in with credentials from a Secret (never in ``dist/``).

Why Fluent Bit (rather than Fluentd, Vector or the collector's file_log receiver): one small C binary per
node (tens of MiB), an ``es`` output with TLS and basic authentication built in, and the ``kubernetes``
filter that merges JSON log lines (``Merge_Log``); the OpenTelemetry Collector stays a traces-only
Deployment (:mod:`fleetform.k8s.constructs.tracing`). Its pods read the nodes' ``/var/log`` (hostPath), so
its namespace enforces Pod Security ``privileged``; the container still drops every capability, runs
without privilege escalation and with a read-only root filesystem.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from fleetform.errors import PropError

#: Fluent Bit's image at the chart's appVersion (the chart names its registry itself).
IMAGE = ("cr.fluentbit.io/fluent/fluent-bit", "5.1.1")
#: Fluent Bit's HTTP server: health (the chart's probes) and Prometheus metrics (``/api/v2/metrics/prometheus``).
HTTP_PORT = 2020
#: Env vars the Elasticsearch credentials reach the output's ``HTTP_User``/``HTTP_Passwd`` through.
USERNAME_ENV, PASSWORD_ENV = "ES_USERNAME", "ES_PASSWORD"
#: Memory one tail input may buffer before it pauses reading (back-pressure while Elasticsearch is slow or
#: down: the files stay on the node and are read on, nothing is dropped until the kubelet rotates them).
TAIL_BUFFER = "50MB"
#: Where the tail input remembers its file offsets across restarts (on the node, so a new pod resumes there).
OFFSETS_DB = "/var/log/fluent-bit-containers.db"
_HOST = re.compile(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?", re.ASCII)


def shipper_config(*, host: str, port: int, path: str, index: str) -> dict[str, str]:
    """The chart's ``config.inputs``, ``config.filters`` and ``config.outputs`` (classic format):

    - input ``tail`` of ``/var/log/containers/*.log`` with the CRI parser (containerd, every cloud's nodes);
    - filter ``kubernetes``: the pod's metadata, and each JSON log line parsed into the record
      (``Merge_Log On``, the raw line dropped: ``Keep_Log Off``); pods may opt out with the
      ``fluentbit.io/exclude`` annotation;
    - output ``es`` to ``host``:``port`` (``path``: a proxy prefix, ``""`` for none) with TLS verified,
      daily indices ``<index>-YYYY.MM.DD``, no mapping types (Elasticsearch 8), retried until delivered.
    """
    if not _HOST.fullmatch(host):
        raise PropError("shipper_config", "host", host, "must be a DNS name such as elasticsearch.acme.example")
    if not 1 <= port <= 65535:
        raise PropError("shipper_config", "port", port, "must be 1..65535")
    if not re.fullmatch(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?", index, re.ASCII):
        raise PropError("shipper_config", "index", index, "must be a lowercase index name such as ml-platform")
    if path and not re.fullmatch(r"(/[A-Za-z0-9._~-]+)+", path, re.ASCII):
        raise PropError("shipper_config", "path", path, "must be empty or a URL path such as /elasticsearch")
    output = {
        "Name": "es",
        "Match": "kube.*",
        "Host": host,
        "Port": str(port),
        **({"Path": path} if path else {}),
        "HTTP_User": f"${{{USERNAME_ENV}}}",
        "HTTP_Passwd": f"${{{PASSWORD_ENV}}}",
        "tls": "On",
        "tls.verify": "On",
        "Logstash_Format": "On",
        "Logstash_Prefix": index,
        "Suppress_Type_Name": "On",
        "Replace_Dots": "On",
        "Trace_Error": "On",
        "Retry_Limit": "False",
    }
    return {
        "inputs": _section(
            "INPUT",
            {
                "Name": "tail",
                "Path": "/var/log/containers/*.log",
                "multiline.parser": "cri",
                "Tag": "kube.*",
                "DB": OFFSETS_DB,
                "Mem_Buf_Limit": TAIL_BUFFER,
                "Skip_Long_Lines": "On",
            },
        ),
        "filters": _section(
            "FILTER",
            {
                "Name": "kubernetes",
                "Match": "kube.*",
                "Merge_Log": "On",
                "Keep_Log": "Off",
                "K8S-Logging.Parser": "On",
                "K8S-Logging.Exclude": "On",
            },
        ),
        "outputs": _section("OUTPUT", output),
    }


def fluent_bit_values(
    *, config: Mapping[str, str], credentials_secret: str, resources: Mapping[str, Any]
) -> dict[str, Any]:
    """Chart values: the DaemonSet on every node (it tolerates every taint: GPU and spot nodes log too), the
    ``config`` of :func:`shipper_config`, the credentials as env vars from Secret ``credentials_secret``
    (keys ``username`` and ``password``), the node's ``/var/log`` only (containerd keeps the container logs
    there; the chart's Docker and machine-id mounts are dropped), no systemd input, no Helm test pod."""
    env = [
        {"name": var, "valueFrom": {"secretKeyRef": {"name": credentials_secret, "key": key}}}
        for var, key in ((USERNAME_ENV, "username"), (PASSWORD_ENV, "password"))
    ]
    return {
        "kind": "DaemonSet",
        "image": {"repository": IMAGE[0], "tag": IMAGE[1]},
        "testFramework": {"enabled": False},
        "config": dict(config),
        "env": env,
        "resources": dict(resources),
        "tolerations": [{"operator": "Exists"}],
        "daemonSetVolumes": [{"name": "varlog", "hostPath": {"path": "/var/log"}}],
        "daemonSetVolumeMounts": [{"name": "varlog", "mountPath": "/var/log"}],
        "podSecurityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
        # Root (the container log files are root's, mode 0640) without any capability or escalation.
        "securityContext": {
            "privileged": False,
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
            "seccompProfile": {"type": "RuntimeDefault"},
        },
    }


def _section(kind: str, entries: Mapping[str, str]) -> str:
    """One section of Fluent Bit's classic configuration format, keys aligned as the chart's defaults are."""
    width = max(len(key) for key in entries)
    return f"[{kind}]\n" + "".join(f"    {key.ljust(width)} {value}\n" for key, value in entries.items())
