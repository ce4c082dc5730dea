"""Workload identity: a ServiceAccount's cloud identity annotation names an identity the stack creates, and
that identity trusts this ServiceAccount (EKS: the IAM role's web identity trust policy; GKE: the Google
service account's ``roles/iam.workloadIdentityUser`` members; AKS: a federated identity credential)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from fnmatch import fnmatchcase
from typing import Any

from fleetform.integrity.model import Cluster, Problem, Stack, dig
from fleetform.integrity.selectors import Pod
from fleetform.integrity.wiring import located
from fleetform.integrity.world import Produced

AWS = "eks.amazonaws.com/role-arn"
GCP = "iam.gke.io/gcp-service-account"
AZURE = "azure.workload.identity/client-id"
#: The pod label the AKS webhook needs to inject the identity (azure-workload-identity docs, "Quick start").
AZURE_USE = "azure.workload.identity/use"
INTERPOLATION = re.compile(r"\$\{[^}]*\}")


def _accounts(cluster: Cluster, annotation: str) -> Iterator[tuple[Any, str]]:
    for account in cluster.world.all("ServiceAccount"):
        value = account.annotations.get(annotation)
        if value:
            yield account, str(value)


def _problem(account: Any, annotation: str, message: str) -> Iterator[Problem]:
    where = located(account, ("metadata", "annotations", annotation), (annotation,))
    if where is not None:
        yield Problem(where[0], message, where[1])


def aws_roles(cluster: Cluster) -> Iterator[Problem]:
    """``eks.amazonaws.com/role-arn``: an ``aws_iam_role`` of the stack, of the stack's account, whose trust
    policy lets this ServiceAccount assume it."""
    stack = cluster.stack
    if stack is None or cluster.cloud != "aws":
        return
    accounts = stack.provider("aws").get("allowed_account_ids") or []
    for account, arn in _accounts(cluster, AWS):
        subject = f"system:serviceaccount:{account.namespace}:{account.name}"
        number, _, name = arn.removeprefix("arn:aws:iam::").partition(":role/")
        name = name.rpartition("/")[2]
        roles = [r for r in stack.of_type("aws_iam_role") if r.data.get("name") == name]
        if not roles:
            known = ", ".join(str(r.data.get("name")) for r in stack.of_type("aws_iam_role"))
            message = (
                f"role {name} is not created by the stack of {cluster.id} (its roles: {known}); expected the ARN "
                "of one of them"
            )
            yield from _problem(account, AWS, message)
        elif accounts and number not in accounts:
            message = (
                f"role ARN is in account {number}, the stack of {cluster.id} in {', '.join(accounts)}; "
                "expected the stack's account"
            )
            yield from _problem(account, AWS, message)
        elif not any(fnmatchcase(subject, allowed) for allowed in _trusted(roles[0].data.get("assume_role_policy"))):
            trusted = ", ".join(_trusted(roles[0].data.get("assume_role_policy"))) or "no service account"
            message = (
                f"role {name} does not trust {subject} (its trust policy allows {trusted}); expected the subject "
                f"in the role's assume_role_policy, or a role of its own"
            )
            yield from _problem(account, AWS, message)


def _trusted(policy: Any) -> list[str]:
    """The ``<issuer>:sub`` values of a trust policy's web identity statements (Terraform interpolations,
    which may hold quotes, are replaced before the JSON is read: Terraform evaluates them first)."""
    try:
        document = json.loads(INTERPOLATION.sub("x", policy)) if isinstance(policy, str) else policy
    except ValueError:
        return []
    found: list[str] = []
    for statement in dig(document, "Statement") or []:
        for test in ("StringEquals", "StringLike"):
            for key, value in (dig(statement, "Condition", test) or {}).items():
                if str(key).endswith(":sub"):
                    found.extend([value] if isinstance(value, str) else list(value))
    return found


def gcp_accounts(cluster: Cluster) -> Iterator[Problem]:
    """``iam.gke.io/gcp-service-account``: a ``google_service_account`` of the stack that grants this
    ServiceAccount ``roles/iam.workloadIdentityUser`` in the cluster's workload pool."""
    stack = cluster.stack
    if stack is None or cluster.cloud != "gcp":
        return
    project = str(stack.provider("google").get("project") or "")
    pool = next(
        (dig(g.data, "workload_identity_config", "workload_pool") for g in stack.of_type("google_container_cluster")),
        None,
    )
    for account, email in _accounts(cluster, GCP):
        found = [
            g
            for g in stack.of_type("google_service_account")
            if f"{g.data.get('account_id')}@{g.data.get('project') or project}.iam.gserviceaccount.com" == email
        ]
        if not found:
            message = (
                f"Google service account {email} is not created by the stack of {cluster.id}; expected a "
                "google_service_account of it"
            )
            yield from _problem(account, GCP, message)
            continue
        member = f"serviceAccount:{pool or project + '.svc.id.goog'}[{account.namespace}/{account.name}]"
        if member not in _members(stack, found[0].label):
            message = (
                f"{email} does not let {account.namespace}/{account.name} act as it (no roles/iam.workloadIdentityUser "
                f"member {member}); expected that member on the account in the stack"
            )
            yield from _problem(account, GCP, message)


def _members(stack: Stack, label: str) -> list[str]:
    members: list[str] = []
    for grant in stack.of_type("google_service_account_iam_member", "google_service_account_iam_binding"):
        granted = [r.label for r in stack.referenced(grant.data.get("service_account_id"))]
        if grant.data.get("role") == "roles/iam.workloadIdentityUser" and label in granted:
            members += (
                [str(grant.data["member"])] if grant.data.get("member") else list(grant.data.get("members") or [])
            )
    return members


def azure_identities(cluster: Cluster) -> Iterator[Problem]:
    """``azure.workload.identity/client-id``: a federated identity credential of the stack for this
    ServiceAccount (the client id itself is known only once the identity exists); its pods carry the
    ``azure.workload.identity/use`` label the AKS webhook needs."""
    stack = cluster.stack
    if stack is None or cluster.cloud != "azure":
        return
    subjects = [str(c.data.get("subject")) for c in stack.of_type("azurerm_federated_identity_credential")]
    for account, _ in _accounts(cluster, AZURE):
        subject = f"system:serviceaccount:{account.namespace}:{account.name}"
        if subject not in subjects:
            message = (
                f"no federated identity credential of the stack of {cluster.id} trusts {subject} (subjects: "
                f"{', '.join(subjects) or 'none'}); expected an azurerm_federated_identity_credential with that subject"
            )
            yield from _problem(account, AZURE, message)
        for pod in _pods_of_account(cluster, account):
            if pod.owner is not None and pod.labels.get(AZURE_USE) != "true":
                message = (
                    f"runs as {account.namespace}/{account.name} without the pod label {AZURE_USE}: "
                    '"true"; expected that label'
                )
                yield Problem(pod.owner, message, (*pod.path, "metadata", "labels"))


def _pods_of_account(cluster: Cluster, account: Any) -> list[Pod]:
    if isinstance(account, Produced):
        return []
    return [
        p
        for p in cluster.world.pods_in(account.namespace)
        if (p.spec.get("serviceAccountName") or p.spec.get("serviceAccount") or "default") == account.name
    ]
