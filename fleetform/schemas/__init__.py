"""Bundled JSON schemas of the custom resources fleetform emits, and the code that regenerates them.

Layout (the CRD catalog layout kubeconform users know): ``crds/<group>/<kind>_<version>.json``, strict
(unknown fields rejected). ``sources/`` keeps the CRD YAML imported with ``fleetform schemas import`` so
that ``fleetform schemas regenerate`` rebuilds every file from its source.
"""

from pathlib import Path

CRD_DIR = Path(__file__).parent / "crds"
SOURCE_DIR = Path(__file__).parent / "sources"
