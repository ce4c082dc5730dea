"""``fleetform policy``: one CEL source per policy, checked offline and enforced in-cluster.

Kubernetes policies are ``ValidatingAdmissionPolicy`` objects (evaluated here exactly as the API server
would for a CREATE, and emitted into ``dist/`` with their bindings); fleet rules (cross-object, pre-commit
only) and Terraform policies use the same folder format and the same CEL engine.
"""
