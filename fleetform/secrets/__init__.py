"""Credential scanning of the committed output and the settings (``fleetform check``'s ``== secrets``)."""
