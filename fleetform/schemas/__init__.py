"""CRD schemas: converting CRD YAML to strict JSON schemas, the catalog ``fleetform validate`` reads, and the
vendoring of upstream data.

- :mod:`.crd`: CRD YAML -> strict JSON schemas, openapi2jsonschema-style (``<group>/<kind>_<version>.json``);
- :mod:`.catalog`: the schemas of the pinned component versions (vendored beside their support records,
  ``fleetform/versions/vendored/``), then those added with ``fleetform schemas import``;
- :mod:`.vendor` and :mod:`.upstream`: ``fleetform schemas vendor --from DIR`` derives every vendored artefact
  (values schemas, CRD schemas, source records) from the upstream files of each component version.

``crds/`` holds imported schemas (strict, unknown fields rejected; none are shipped); ``sources/`` keeps the
CRD YAML imported, so that ``fleetform schemas regenerate`` rebuilds every imported file from its source.
"""

from pathlib import Path

CRD_DIR = Path(__file__).parent / "crds"
SOURCE_DIR = Path(__file__).parent / "sources"
