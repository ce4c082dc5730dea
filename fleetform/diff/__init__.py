"""``fleetform diff``: what a change does to each cluster, ranked, as data.

``dist/`` at a git ref is compared with the working tree: Kubernetes objects matched by
apiVersion/kind/namespace/name and Terraform blocks by address, whatever file holds them (a renamed file is
not a change). :mod:`~fleetform.diff.api` builds a :class:`~fleetform.diff.model.DiffReport`; the renderers
of :mod:`~fleetform.diff.formats` turn it into text, markdown or JSON; only the command prints.

Modules: ``sources`` (the two trees, read with git plumbing), ``objects`` (files to identified objects),
``fields`` (field-level changes), ``rank`` and ``terraform`` (what matters), ``fold`` (one line per repeated
change), ``model`` (the result), ``api`` (the pipeline).
"""
