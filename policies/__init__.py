"""The policy library, shipped inside fleetform as the package ``fleetform.policies``.

This folder stays at the repository root, where its users edit it; ``pyproject.toml`` maps the package
``fleetform.policies`` onto it (``[tool.setuptools] package-dir``) and lists its policy files as package
data. So the one folder is found the same way in both installs, from the package and never from the
working directory:

- editable (``pip install -e .``, the development venv): setuptools' import hook resolves
  ``fleetform.policies`` to this folder, so an edit here is live at once;
- built wheel (``pip install .``): the files are copied to ``site-packages/fleetform/policies/``.

:data:`fleetform.policy.loader.DEFAULT_POLICIES` is where this package is (found, not imported). A mapped
folder rather than a build step that copies it: nothing to run before a build, and no second copy to go
stale. The price: ``pyproject.toml`` lists every package (``tests/test_packaging.py`` checks the list).
Nothing is imported from here; this file only makes the folder a package.
"""
