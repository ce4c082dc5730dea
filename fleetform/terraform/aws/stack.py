"""The AWS stack of one environment: S3 state backend, pinned provider with default tags, every unit."""

from __future__ import annotations

from cdktn import S3Backend, TerraformStack
from cdktn_provider_aws.provider import AwsProvider, AwsProviderDefaultTags

from fleetform.terraform.aws.access_logs import build_log_bucket, log_access
from fleetform.terraform.aws.backups import build_backup_identity
from fleetform.terraform.aws.broker import build_broker
from fleetform.terraform.aws.cache import build_cache
from fleetform.terraform.aws.cluster import build_cluster
from fleetform.terraform.aws.costs import build_budget
from fleetform.terraform.aws.database import build_database
from fleetform.terraform.aws.dr import build_dr
from fleetform.terraform.aws.ebs_csi import build_ebs_csi
from fleetform.terraform.aws.edge import build_edge
from fleetform.terraform.aws.flow_logs import build_flow_logs
from fleetform.terraform.aws.karpenter import build_karpenter
from fleetform.terraform.aws.keys import build_key
from fleetform.terraform.aws.lb_controller import build_lb_controller_role
from fleetform.terraform.aws.network import build_network
from fleetform.terraform.aws.secrets import build_secrets
from fleetform.terraform.aws.serverless import build_serverless
from fleetform.terraform.aws.storage import build_bucket
from fleetform.terraform.aws.workload import grant_workload
from fleetform.terraform.context import StackContext
from fleetform.terraform.outputs import add_outputs


def build(stack: TerraformStack, ctx: StackContext) -> None:
    state = ctx.infra.state
    S3Backend(
        stack,
        bucket=state.bucket,
        key=f"{ctx.stack_id}/terraform.tfstate",
        region=ctx.region,
        encrypt=True,
        use_lockfile=True,  # S3-native locking (Terraform >= 1.10; DynamoDB locking is deprecated since 1.11)
    )
    # default_tags puts the platform's tags on every taggable AWS resource of the stack.
    AwsProvider(
        stack,
        "aws",
        region=ctx.region,
        allowed_account_ids=[ctx.account],
        default_tags=[AwsProviderDefaultTags(tags=ctx.tags)],
    )
    key = build_key(stack, ctx, "data")
    net = build_network(stack, ctx)
    build_flow_logs(stack, ctx, net.vpc_id, key.arn)
    cluster = build_cluster(stack, ctx, net, key)
    build_ebs_csi(stack, ctx, cluster)
    build_karpenter(stack, ctx, cluster)
    db = build_database(stack, ctx, net, key)
    cache = build_cache(stack, ctx, net, key)
    kafka = build_broker(stack, ctx, net, key)
    bucket, versioning = build_bucket(stack, "models", ctx.model_bucket, key.arn, protected=ctx.production_grade)
    logs = build_log_bucket(stack, ctx, "access-logs")
    log_access(stack, "models", bucket, logs)
    alb, _ = build_edge(stack, ctx, net, key.arn, logs, cluster.security_group_id)
    build_lb_controller_role(stack, ctx, cluster)
    grant_workload(stack, ctx, _role_name(ctx), bucket.arn, key.arn, kafka.arn, cache.arn, db.resource_id)
    store = build_secrets(stack, ctx, key, cluster, db, cache, kafka)
    if ctx.env.serverless:
        build_serverless(stack, ctx, net, key)
    build_budget(stack, ctx)
    dr_region, backup_bucket, backup_arn, backup_key = "", bucket.bucket, bucket.arn, key.arn
    if ctx.env.disaster_recovery:
        recovery = build_dr(stack, ctx, bucket, versioning, key.arn, db)
        dr_region, backup_bucket = recovery.region, recovery.bucket
        backup_arn, backup_key = recovery.bucket_arn, recovery.key_arn
    build_backup_identity(stack, ctx, cluster, backup_arn, backup_key)
    add_outputs(
        stack,
        {
            "cluster_name": cluster.name,
            "cluster_endpoint": cluster.endpoint,
            "oidc_issuer": cluster.oidc_issuer,
            "workload_identity": cluster.workload_role_arn,
            "database_host": db.address,
            "database_credentials": db.master_user_secret.get(0).secret_arn,
            "cache_host": cache.primary_endpoint_address,
            "broker_bootstrap": kafka.bootstrap_brokers_sasl_iam,
            "model_bucket": bucket.bucket,
            "encryption_key": key.arn,
            "load_balancer": alb.dns_name,
            "dr_region": dr_region,
            "backup_bucket": backup_bucket,
            "secret_store_identity": store.reader,
            "connection_secret": store.connection,
        },
    )


def _role_name(ctx: StackContext) -> str:
    return ctx.cluster.identity.rsplit("/", 1)[-1]
