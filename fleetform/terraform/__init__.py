"""The platform's cloud infrastructure as CDK Terrain (cdktn) stacks: one ``cdk.tf.json`` per cluster.

Entry point: :func:`fleetform.terraform.synth.synth_stacks` (the stacks of one cloud in one process, from
checked :class:`~fleetform.terraform.context.StackContext` objects). Per-cloud constructs live in
``fleetform.terraform.aws`` / ``.azure`` / ``.gcp`` (one module per unit: network, keys, cluster, database,
cache, broker, storage, edge, serverless, costs/ops, dr); each cloud object names its builder
(:attr:`fleetform.clouds.Cloud.terraform_builder`). Settings: ``fleetform/settings/infra.py``.
"""
