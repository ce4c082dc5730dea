"""Terraform argument checking for ``cdk.tf.json`` against compact provider schemas.

The schemas are derived once from the cdktn provider wheels' jsii assemblies (``fleetform tfschema
regenerate``), bundled under ``schemas/`` and read by :func:`fleetform.tfschema.check.check_stack`, which
needs neither Node nor the provider wheels.
"""
