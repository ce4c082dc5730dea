"""Security: refused and throttled requests at the API (401, 403, 429), pods that cannot pull their image
(an image admission policy or a registry refusal shows here first), the namespace's NetworkPolicies
(zero means the default deny is gone), and Falco's rule matches by rule and priority over the cluster (empty
where runtime security is off)."""

from __future__ import annotations

from fleetform.k8s.dashboards.model import Dashboard, Panel, Query
from fleetform.k8s.dashboards.scope import Scope


def build(scope: Scope) -> Dashboard:
    api = f'{scope.ns},service="{scope.api}"'
    return Dashboard(
        uid="ml-platform-security",
        title="ML Platform / Security",
        panels=(
            Panel(
                "Refused requests (401 / 403)",
                "reqps",
                (Query(f'sum by (code) (rate(http_requests_total{{{api},code=~"401|403"}}[5m]))', "{{code}}"),),
            ),
            Panel(
                "Rate-limited requests (429)",
                "reqps",
                (Query(f'sum(rate(http_requests_total{{{api},code="429"}}[5m]))', "429"),),
            ),
            Panel(
                "Image pull failures",
                "short",
                (
                    Query(
                        f"sum by (pod) (kube_pod_container_status_waiting_reason{{{scope.ns},"
                        'reason=~"ErrImagePull|ImagePullBackOff|InvalidImageName"})',
                        "{{pod}}",
                    ),
                ),
            ),
            Panel(
                "NetworkPolicies in the namespace",
                "short",
                (Query(f"count(kube_networkpolicy_labels{{{scope.ns}}})", "policies"),),
            ),
            Panel(
                "Falco rule matches (last hour)",
                "short",
                (
                    Query(
                        "sum by (rule_name, priority) (increase(falcosecurity_falco_rules_matches_total[1h]))",
                        "{{rule_name}} (priority {{priority}})",
                    ),
                ),
            ),
        ),
    )
