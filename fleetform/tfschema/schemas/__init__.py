"""Bundled compact provider schemas (data files; a package so that wheels include them)."""
