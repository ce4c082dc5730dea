"""One module per ``fleetform`` command, each listed in :data:`fleetform.cli.COMMANDS`.

A command module has ``SUMMARY`` (its line in ``fleetform --help``) and ``run(argv) -> int`` (the arguments
after the command's name; returns the exit code). It prints its results; bad input is raised as
:class:`~fleetform.errors.UserError` and reported by :func:`fleetform.cli.guarded`. At the top it imports
only the standard library and :mod:`fleetform.arguments`: the libraries it drives are imported inside
``run``, so that a command loads only what it uses (``fleetform policy`` neither cdk8s nor the synth
pipeline; ``tests/cli/test_commands.py`` checks it).
"""
