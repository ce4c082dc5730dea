"""Rules across settings files and with the policies: production's rules, the HPA bounds of policy
``k8s-hpa-bounds``, the names derived from the settings, one Kubernetes version.

- **One source per bound.** The HPA bounds are the params of policy ``k8s-hpa-bounds``
  (``policies/k8s-hpa-bounds/params.yaml``, per environment or ``default``): the loader reads them, so
  settings never accept a replica range that the policy refuses in ``fleetform check``.
- **Production.** Besides the schema's defaults (which are production's numbers), production may not turn
  off what the Terraform policies require there (HA, deletion protection, a private API endpoint, a year of
  logs), may not scale to zero off-hours, and its admission policies deny.
- **Derived names.** The namespace ``ml-<environment>``, the label value ``<part>-<environment>`` and the
  buckets named after ``<platform>-<environment>`` must be what Kubernetes and the clouds take (63
  characters at most), so a long environment name is refused where it is written.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

from fleetform.clouds import Cloud, Site
from fleetform.errors import located
from fleetform.settings.formats import MAX_LABEL, dns_label_problem, label_value_problem
from fleetform.settings.model import CloudSettings, EnvironmentSettings, PlatformSettings
from fleetform.settings.namespaces import platform_namespace
from fleetform.settings.yamlfile import SettingsFile, read_settings_file

PRODUCTION = "production"
#: The longest part name of the platform's objects (``fleetform.k8s.names``): its label
#: ``app.kubernetes.io/instance`` is ``<part>-<environment>``.
LONGEST_PART = "off-hours-scaler"
#: The policy whose params bound every HorizontalPodAutoscaler's replicas.
HPA_POLICY = "k8s-hpa-bounds"
#: Log retention the policy ``tf-log-retention`` requires in production (a year: the SOC 2 / ISO 27001 period).
PRODUCTION_LOG_DAYS = 365


def hpa_bounds_file() -> Path:
    """``params.yaml`` of the HPA policy in the policy library (found from the package, not imported)."""
    spec = importlib.util.find_spec("fleetform.policies")
    if spec is None or spec.origin is None:  # pragma: no cover - a broken install
        raise RuntimeError("package fleetform.policies not found: fleetform is not installed correctly")
    return Path(spec.origin).resolve().parent / HPA_POLICY / "params.yaml"


def hpa_bounds(environment: str, params: SettingsFile) -> tuple[int, int]:
    """(minReplicas, maxReplicas) of the policy's params for ``environment`` (or its ``default``)."""
    table = params.data if isinstance(params.data, dict) else {}
    key = environment if environment in table else "default"
    entry = table.get(key)
    bounds: list[int] = []
    for name in ("minReplicas", "maxReplicas"):
        value = entry.get(name) if isinstance(entry, dict) else None
        if not (isinstance(value, str) and value.isascii() and value.isdigit()):
            raise located(
                params.name, params.line((key, name)), f"{key}.{name}", f"got {value!r}", "a number in quotes"
            )
        bounds.append(int(value))
    return bounds[0], bounds[1]


def check_environment(name: str, env: EnvironmentSettings, file: SettingsFile, params: SettingsFile) -> None:
    """The policies' replica bounds, then (in production) production's rules."""
    low, high = hpa_bounds(name, params)
    for workload in ("api", "worker"):
        replicas = getattr(env, workload).replicas
        checks: tuple[tuple[str, int, bool, str], ...] = (
            ("min", replicas.min, replicas.min >= low, f"min >= {low}"),
            ("max", replicas.max, replicas.max <= high, f"max <= {high}"),
        )
        for bound, value, ok, wanted in checks:
            if not ok:
                path: tuple[str, ...] = (workload, "replicas", bound)
                problem = f"{value} is outside {low}..{high}, the bounds of policy {HPA_POLICY} for {name}"
                raise located(file.name, file.line(path), ".".join(path), problem, wanted)
    if name == PRODUCTION:
        for path, broken, problem, expected in _production_rules(env):
            if broken:
                raise located(file.name, file.line(path), ".".join(path), problem, expected)


def _production_rules(env: EnvironmentSettings) -> list[tuple[tuple[str, ...], bool, str, str]]:
    """(key path, broken?, problem, fix) of each production rule, with the policy that requires it."""
    infra = env.infra
    return [
        (("off_hours", "enabled"), env.off_hours.enabled, "true in production", "false: production serves all day"),
        (
            ("admission_actions",),
            "Deny" not in env.admission_actions,
            f"{list(env.admission_actions)} in production does not deny",
            "Deny (optionally with Audit)",
        ),
        (
            ("infra", "high_availability"),
            not infra.high_availability,
            "false in production (policy tf-backups-and-ha)",
            "true",
        ),
        (
            ("infra", "deletion_protection"),
            not infra.deletion_protection,
            "false in production (policy tf-deletion-protection)",
            "true",
        ),
        (
            ("infra", "private_api"),
            not infra.private_api,
            "false in production (policy tf-private-control-plane)",
            "true",
        ),
        (
            ("infra", "log_retention_days"),
            infra.log_retention_days < PRODUCTION_LOG_DAYS,
            f"{infra.log_retention_days} in production (policy tf-log-retention)",
            f"at least {PRODUCTION_LOG_DAYS}",
        ),
    ]


def check_derived_names(platform: PlatformSettings, file: SettingsFile) -> None:
    """Names built from each environment's name: its namespace and its longest label value."""
    for i, env in enumerate(platform.environments):
        derived: list[tuple[str, str, Callable[[str], str | None]]] = [
            ("namespace", platform_namespace(env), dns_label_problem),
            ("label value", f"{LONGEST_PART}-{env}", label_value_problem),
        ]
        for what, value, rule in derived:
            problem = rule(value)
            if problem is not None:
                raise located(
                    file.name,
                    file.line(("environments", i)),
                    f"environments[{i}]",
                    f"its {what} {value!r} {problem}",
                    f"a shorter environment name (at most {MAX_LABEL - len(value) + len(env)} characters)",
                )


def check_cloud_names(platform: PlatformSettings, cloud: Cloud, settings: CloudSettings, file: SettingsFile) -> None:
    """The buckets named after ``<platform>-<environment>`` and the account: at most 63 characters (S3, GCS)."""
    for env in platform.environments:
        site = Site(platform.name, env, settings.accounts[env], settings.region, settings.dr_region, True)
        for bucket in (cloud.model_bucket(site), cloud.dr_bucket(site)):
            if len(bucket) > MAX_LABEL:
                raise located(
                    file.name,
                    file.line(("accounts", env)),
                    f"accounts.{env}",
                    f"bucket name {bucket!r} is {len(bucket)} characters long, over {MAX_LABEL}",
                    "a shorter platform name, environment name or account id",
                )


def read_hpa_bounds() -> SettingsFile:
    """The policy's params file, read as a settings file (located errors)."""
    path = hpa_bounds_file()
    return read_settings_file(path, path.as_posix())
