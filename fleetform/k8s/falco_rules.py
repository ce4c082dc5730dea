"""The platform's Falco rules, as data rendered to Falco's rules YAML (the chart's ``customRules``).

Three rules, tagged ``platform`` (Falco's metric ``falcosecurity_falco_rules_matches_total`` carries each tag
as a label, ``tag_platform="true"``):

- **Shell in a platform container** (WARNING): a shell starts in a container of the platform's namespace. The
  platform's images start no shell, so this is someone's ``kubectl exec`` or an attacker's foothold; an
  operator's exec is legitimate but must be visible, hence a warning (chat), not a page.
- **Write below a binary directory** (ERROR): a file is opened for writing under ``/bin``, ``/sbin``,
  ``/usr/bin``... in any container. Images are immutable; such a write is tampering or an install at runtime.
- **Unexpected outbound connection from the API** (CRITICAL): the ``api`` container connects somewhere it does
  not need: anything but cluster DNS (53) and the model workers' port, and the database, cache and broker ports
  inside the VPC (:func:`api_destinations`), plus ``runtime_security.api_destinations``. The mesh's sidecar
  (another container) is not judged; loopback is ignored. Exfiltration and command-and-control start this way.

The rules use their own macros and lists (named ``platform_*``), mirroring the default ruleset's definitions
(``spawned_process``, ``open_write``, ``outbound`` of falco-rules 5.1.0, the rules Falco 0.44.1 bundles), so
their meaning does not change with the default ruleset and a name never overrides one of the default's. Each
condition names list values through lists only, so every bare word of a condition is an operator or one of
this file's macros and lists (the tests check it).
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from fleetform.settings import Cluster

#: The file name under the chart's ``customRules`` (mounted as ``/etc/falco/rules.d/<name>``).
RULES_FILE = "platform-rules.yaml"
#: The tag every platform rule carries.
TAG = "platform"
#: The API's container (the Deployment's only container besides the mesh's sidecar).
API_CONTAINER = "api"
#: Cluster DNS, which every pod queries (kube-dns or the node-local cache; any address).
DNS_PORT = 53
SHELLS = ("ash", "bash", "csh", "dash", "fish", "ksh", "mksh", "sh", "tcsh", "zsh")
BINARY_DIRS = ("/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin")
LOOPBACK = ("127.0.0.0/8", "::1/128")


@dataclass(frozen=True)
class Destinations:
    """Where the API may connect: ``anywhere`` ports (any address), and ``networks`` x ``network_ports``."""

    anywhere: tuple[int, ...]
    networks: tuple[str, ...]
    network_ports: tuple[int, ...]


def api_destinations(cluster: Cluster, worker_port: int, in_cluster: tuple[int, ...] = ()) -> Destinations:
    """Cluster DNS, the workers' port and the ``in_cluster`` ports (the tracing collector's OTLP ports where
    tracing is on) anywhere (pod and Service addresses are the cloud's, not the settings'); the VPC's
    database, cache and broker ports (the API's NetworkPolicy allows the same); and the settings' extra
    destinations (their network with their port)."""
    net, ports = cluster.cloud_settings.network, cluster.cloud_settings.ports
    extra = cluster.env.runtime_security.api_destinations
    return Destinations(
        anywhere=tuple(sorted({DNS_PORT, worker_port, *in_cluster})),
        networks=tuple(dict.fromkeys([net.vpc_cidr, *(d.cidr for d in extra)])),
        network_ports=tuple(sorted({ports.database, ports.cache, ports.broker, *(d.port for d in extra)})),
    )


def rules(namespace: str, destinations: Destinations) -> list[dict[str, object]]:
    """The rules file's items, in load order (lists and macros before the rules that use them)."""
    lists: list[dict[str, object]] = [
        {"list": "platform_namespaces", "items": [namespace]},
        {"list": "platform_shells", "items": list(SHELLS)},
        {"list": "platform_binary_dirs", "items": list(BINARY_DIRS)},
        {"list": "platform_loopback_networks", "items": [_quoted(n) for n in LOOPBACK]},
        {"list": "platform_api_ports_anywhere", "items": list(destinations.anywhere)},
        {"list": "platform_api_networks", "items": [_quoted(n) for n in destinations.networks]},
        {"list": "platform_api_network_ports", "items": list(destinations.network_ports)},
    ]
    macros = [
        _macro("platform_container", 'container.id != "host"'),
        _macro("platform_spawned_process", "evt.type in (execve, execveat)"),
        _macro(
            "platform_open_write",
            "evt.type in (open, openat, openat2) and evt.is_open_write = true and fd.typechar = 'f' and fd.num >= 0",
        ),
        _macro(
            "platform_outbound",
            'evt.type = connect and (fd.typechar = 4 or fd.typechar = 6) and fd.ip != "0.0.0.0"'
            ' and not fd.snet in (platform_loopback_networks) and (evt.rawres >= 0 or evt.res = "EINPROGRESS")',
        ),
        _macro(
            "platform_api_allowed",
            "fd.sport in (platform_api_ports_anywhere)"
            " or (fd.snet in (platform_api_networks) and fd.sport in (platform_api_network_ports))",
        ),
    ]
    where = "ns=%k8s.ns.name pod=%k8s.pod.name container=%container.name image=%container.image.repository"
    return [
        *lists,
        *macros,
        _rule(
            "Shell in a platform container",
            "A shell started in a container of the platform's namespace (kubectl exec, or a foothold).",
            "platform_spawned_process and platform_container and k8s.ns.name in (platform_namespaces)"
            " and proc.name in (platform_shells)",
            f"Shell in a platform container ({where} shell=%proc.name parent=%proc.pname cmdline=%proc.cmdline"
            " user=%user.name terminal=%proc.tty)",
            "WARNING",
            ["container", "shell", "mitre_execution"],
        ),
        _rule(
            "Write below a binary directory",
            "A file under a binary directory was opened for writing in a container (images are immutable).",
            "platform_open_write and platform_container and fd.name pmatch (platform_binary_dirs)",
            f"Write below a binary directory ({where} file=%fd.name process=%proc.name cmdline=%proc.cmdline"
            " user=%user.name)",
            "ERROR",
            ["container", "filesystem", "mitre_persistence"],
        ),
        _rule(
            "Unexpected outbound connection from the API",
            "The API's container connected to a destination outside the set it needs (DNS, the model workers,"
            " the database, cache and broker in the VPC, and the settings' extra destinations).",
            f"platform_outbound and platform_container and k8s.ns.name in (platform_namespaces)"
            f' and container.name = "{API_CONTAINER}" and not platform_api_allowed',
            f"Unexpected outbound connection from the API ({where} connection=%fd.name process=%proc.name"
            " cmdline=%proc.cmdline)",
            "CRITICAL",
            ["container", "network", "mitre_exfiltration", "mitre_command_and_control"],
        ),
    ]


def rules_yaml(namespace: str, destinations: Destinations) -> str:
    """The rules file, items in :func:`rules`' order and keys in Falco's order (stable text)."""
    body = yaml.safe_dump(rules(namespace, destinations), sort_keys=False, width=120)
    return f"# The platform's Falco rules, written by fleetform (fleetform/k8s/falco_rules.py).\n{body}"


def _quoted(network: str) -> str:
    """A network as a list item: quoted inside the item, as the default ruleset writes CIDRs (``'"10.0.0.0/8"'``)."""
    return f'"{network}"'


def _macro(name: str, condition: str) -> dict[str, object]:
    return {"macro": name, "condition": condition}


def _rule(name: str, desc: str, condition: str, output: str, priority: str, tags: list[str]) -> dict[str, object]:
    return {
        "rule": name,
        "desc": desc,
        "condition": condition,
        "output": output,
        "priority": priority,
        "tags": [TAG, *tags],
    }
