"""The container images ``dist/`` runs (for the pipeline's image scan), and the scan's exceptions: owned,
dated and justified like policy waivers, turned into Trivy's ignore file."""
