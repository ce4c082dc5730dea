"""The Kubernetes half: cdk8s constructs and the per-cluster chart."""
