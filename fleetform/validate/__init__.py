"""``fleetform validate``: kubeconform-compatible schema validation of manifests, offline.

Command line (kubeconform's flags; ``--long`` spellings work too)::

    fleetform validate [-strict] [-summary] [-output text|json|junit|tap|pretty|sarif|github] [PATH|-]...

Library (for ``fleetform check``)::

    from fleetform.validate.api import validate_paths
    from fleetform.validate.config import Config, default_kubernetes_version
    from fleetform.validate.output import RenderOptions, render
    from fleetform.validate.result import exit_code

    results = validate_paths([Path("dist")], Config(kubernetes_version=default_kubernetes_version(), strict=True))
    text = render(results, "text", RenderOptions(summary=True))
    code = exit_code(results)

Pieces: :mod:`fleetform.documents` reads YAML (fast path, hardening); :mod:`.locations` finds schemas
(bundled Kubernetes from ``kubernetes-validate``, bundled CRDs from :mod:`fleetform.schemas`, folders, URL
templates); :mod:`.store` compiles them once per type; :mod:`.check` validates one document (JSON schema,
then CRD CEL rules via :mod:`.cel`); :mod:`.terraform` routes ``cdk.tf.json`` to :mod:`fleetform.tfschema`;
:mod:`.output` renders; :mod:`.cli` is the only printing layer.
"""
