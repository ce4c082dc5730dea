"""The findings layer: one :class:`~fleetform.findings.finding.Finding` type for every check (schema
validation, policies, Terraform argument checks), its one line, and the pieces of the SARIF, GitHub and
JUnit outputs that every command's formats share. Nothing here prints."""
