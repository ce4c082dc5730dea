"""CEL with the Kubernetes libraries, on top of cel-expr-python (Google's C++ CEL runtime).

One engine for the two users of CEL: :mod:`fleetform.policy` (policies) and :mod:`fleetform.validate`
(the ``x-kubernetes-validations`` rules of CRDs). Both import it from here; neither imports the other,
and nothing here imports either of them.

:mod:`.env` is the adapter (one environment, compiled programs, results as data); :mod:`.cache` keeps
compiled programs on disk between runs; :mod:`.protos` declares the opaque Kubernetes types; the other
modules are the Kubernetes libraries (lists, strings, regex, sets, quantity, urls, network). This
``__init__`` imports nothing, so that importing a submodule loads cel-expr-python only when it is used.
"""
