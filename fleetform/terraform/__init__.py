"""The platform's cloud infrastructure as CDK Terrain (cdktn) stacks: one ``cdk.tf.json`` per cluster.

Entry points: :func:`fleetform.terraform.synth.synth_stack` / :func:`~fleetform.terraform.synth.synth_stacks`
(several stacks of one cloud in one process). Per-cloud constructs live in ``fleetform.terraform.aws`` /
``.azure`` / ``.gcp`` (one module per unit: network, keys, cluster, database, cache, broker, storage, edge,
serverless, costs/ops, dr), selected through the explicit registry
:data:`fleetform.terraform.stacks.CLOUD_BUILDERS`. Settings: ``fleetform/settings/infra.py``.
"""
