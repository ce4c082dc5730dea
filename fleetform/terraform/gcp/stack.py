"""The GCP stack of one environment: GCS state backend, pinned provider with default labels, every unit."""

from __future__ import annotations

from cdktn import GcsBackend, TerraformStack
from cdktn_provider_google.data_google_project import DataGoogleProject
from cdktn_provider_google.provider import GoogleProvider

from fleetform.terraform.context import StackContext
from fleetform.terraform.gcp.admission import build_binary_authorization
from fleetform.terraform.gcp.backups import build_backup_identity
from fleetform.terraform.gcp.broker import build_broker
from fleetform.terraform.gcp.cache import build_cache
from fleetform.terraform.gcp.cluster import build_cluster
from fleetform.terraform.gcp.database import build_database
from fleetform.terraform.gcp.dr import build_dr
from fleetform.terraform.gcp.edge import build_edge
from fleetform.terraform.gcp.keys import build_key
from fleetform.terraform.gcp.load_balancer import build_load_balancer
from fleetform.terraform.gcp.network import build_network
from fleetform.terraform.gcp.ops import build_budget, build_logging
from fleetform.terraform.gcp.secrets import build_secrets
from fleetform.terraform.gcp.serverless import build_serverless
from fleetform.terraform.gcp.storage import build_bucket
from fleetform.terraform.outputs import add_outputs


def build(stack: TerraformStack, ctx: StackContext) -> None:
    GcsBackend(stack, bucket=ctx.infra.state.bucket, prefix=ctx.stack_id)
    provider = GoogleProvider(
        stack, "google", project=ctx.account, region=ctx.region, add_terraform_attribution_label=True
    )
    # default_labels puts the platform's labels on every labelable Google resource of the stack. Set through
    # an override: cdktn snake-cases the keys of provider maps ("cost-center" would become "cost_center").
    provider.add_override("default_labels", ctx.labels)
    project = DataGoogleProject(stack, "project", project_id=ctx.account)
    number = project.number
    key_id = build_key(stack, ctx, number, ctx.region)
    net = build_network(stack, ctx)
    cluster = build_cluster(stack, ctx, net, key_id)
    build_binary_authorization(stack, ctx)
    db = build_database(stack, ctx, net, key_id, cluster.workload_email)
    cache = build_cache(stack, ctx, net, key_id)
    kafka = build_broker(stack, ctx, net, key_id)
    store = build_secrets(stack, ctx, key_id, number, cluster, db, cache, kafka)
    bucket = build_bucket(stack, ctx, "models", ctx.model_bucket, ctx.region, key_id)
    edge = build_edge(stack, ctx)
    build_load_balancer(stack, ctx, net, edge)
    if ctx.env.serverless:
        build_serverless(stack, ctx, net, key_id, cluster.workload_email)
    build_logging(stack, ctx)
    build_budget(stack, ctx, number)
    dr_region, backup = "", bucket.name
    if ctx.env.disaster_recovery:
        dr_region, backup = ctx.dr_region, build_dr(stack, ctx, number, bucket).name
    build_backup_identity(stack, ctx, backup)
    add_outputs(
        stack,
        {
            "cluster_name": cluster.name,
            "cluster_endpoint": cluster.endpoint,
            "oidc_issuer": cluster.oidc_issuer,
            "workload_identity": cluster.workload_email,
            "database_host": db.private_ip_address,
            "database_credentials": f"iam:{cluster.workload_email}",
            "cache_host": cache.host,
            "broker_bootstrap": kafka.bootstrap_address,
            "model_bucket": bucket.name,
            "encryption_key": key_id,
            "load_balancer": edge.address,
            "dr_region": dr_region,
            "backup_bucket": backup,
            "secret_store_identity": store.reader,
            "connection_secret": store.connection,
        },
    )
