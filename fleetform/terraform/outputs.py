"""The stack outputs the Kubernetes side (Flux, Velero, External Secrets) reads: same names on every cloud."""

from __future__ import annotations

from cdktn import TerraformOutput, TerraformStack

from fleetform.errors import UserError

#: Output name -> what it is. Every cloud's stack provides exactly these.
OUTPUTS: dict[str, str] = {
    "cluster_name": "Kubernetes cluster name",
    "cluster_endpoint": "Kubernetes API server endpoint",
    "oidc_issuer": "workload identity issuer (OIDC) of the cluster",
    "workload_identity": "cloud identity bound to the platform's ServiceAccount",
    "database_host": "PostgreSQL private host name",
    "database_credentials": "where the database credentials live (secret store reference, never the value)",
    "cache_host": "Redis private host name (TLS)",
    "broker_bootstrap": "Kafka bootstrap servers",
    "model_bucket": "object storage bucket/container for models",
    "encryption_key": "customer-managed key id",
    "load_balancer": "public load balancer address (WAF-protected)",
    "dr_region": "disaster recovery region ('' when DR is off)",
    "backup_bucket": "bucket Velero writes backups to (the DR replica when DR is on)",
    "secret_store_identity": "cloud identity External Secrets Operator reads the platform's secret store entries as",
    "connection_secret": "secret store entry of the platform's connection details (its id, never its value)",
}


def add_outputs(stack: TerraformStack, values: dict[str, str]) -> None:
    """Declare every output of :data:`OUTPUTS`, in a fixed order; a missing or extra name is a bug."""
    if set(values) != set(OUTPUTS):
        missing = sorted(set(OUTPUTS) - set(values))
        extra = sorted(set(values) - set(OUTPUTS))
        raise UserError(f"stack {stack.node.id}: outputs missing {missing}, unexpected {extra}")
    sensitive = {"database_credentials"}
    for name, description in OUTPUTS.items():
        TerraformOutput(stack, name, value=values[name], description=description, sensitive=name in sensitive)
