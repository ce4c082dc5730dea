"""fleetform: generate and check the GitOps manifests of a multi-cloud ML serving platform."""

__version__ = "0.1.0"
