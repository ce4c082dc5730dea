"""Turn synthesized objects into the committed ``dist/`` tree: layout, YAML, manifest, atomic swap."""
