"""Promotion: an environment takes the release pins of the one before it (``fleetform promote FROM TO``)."""
