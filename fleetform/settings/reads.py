"""Which settings a computation reads: a recording view of a :class:`~fleetform.settings.Cluster`.

The synth cache reuses a Terraform stack while the settings it *read* last time are unchanged, not while
its settings *files* are: a stack reads a few dozen values (its environment's ``infra``, its cloud's
network, names), so an edit of API replicas or an image pin, which the Kubernetes half alone reads,
synthesizes no stack again.

:func:`recording` wraps the cluster in a :class:`Recorder` that behaves as the cluster for attribute
reads, properties and methods (they run with the recorder as ``self``, so the fields they use are
recorded too) and notes every field value handed out, by its path from the cluster (``env.infra.app_pool.max``)
and a token of its value (its ``repr``). Settings objects (the dataclasses of :mod:`fleetform.settings`) are
wrapped again rather than recorded, so a read is as narrow as the leaf taken. Other objects (the cluster's
:class:`~fleetform.clouds.Cloud`) are code, not settings: recorded by type, covered by the code hash.

:func:`unchanged` tells whether every recorded read gives the same token on another cluster.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from typing import Any, cast

from fleetform.settings.bundle import Cluster

#: path -> token of the value read there.
Reads = dict[str, str]

_PLAIN = (str, int, float, bool, type(None))
#: The modules whose dataclasses are settings (wrapped and read field by field).
_SETTINGS = "fleetform.settings."


class Recorder:
    """A settings object seen through a recording view: see the module's description."""

    __slots__ = ("_log", "_path", "_target")

    def __init__(self, target: object, path: str, log: Reads) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_log", log)

    def __getattr__(self, name: str) -> Any:
        target = object.__getattribute__(self, "_target")
        static = inspect.getattr_static(type(target), name, None)
        if isinstance(static, property) and static.fget is not None:
            return static.fget(self)
        if inspect.isfunction(static):
            return functools.partial(static, self)
        path = object.__getattribute__(self, "_path")
        return _handed_out(getattr(target, name), f"{path}.{name}" if path else name, self._log)

    def __setattr__(self, name: str, value: object) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def _whole(self) -> object:
        """The target, recorded whole (compared, hashed or printed: all of it matters)."""
        target = object.__getattribute__(self, "_target")
        object.__getattribute__(self, "_log")[object.__getattribute__(self, "_path")] = token(target)
        return target

    def __eq__(self, other: object) -> bool:
        return self._whole() == (other._whole() if isinstance(other, Recorder) else other)

    def __hash__(self) -> int:
        return hash(self._whole())

    def __repr__(self) -> str:
        return repr(self._whole())


def recording(cluster: Cluster, log: Reads) -> Cluster:
    """``cluster`` as a :class:`Recorder` that notes its reads into ``log``."""
    return cast(Cluster, Recorder(cluster, "", log))


def token(value: object) -> str:
    """What a read of ``value`` is compared by: its ``repr`` for settings data, its type for code."""
    if _is_data(value):
        return repr(value)
    return f"<{type(value).__module__}.{type(value).__qualname__}>"


def unchanged(cluster: Cluster, reads: Reads) -> bool:
    """Whether each read of ``reads`` finds the same value in ``cluster``."""
    for path, expected in reads.items():
        value: object = cluster
        try:
            for name in path.split(".") if path else ():
                value = getattr(value, name)
        except AttributeError:
            return False
        if token(value) != expected:
            return False
    return True


def _handed_out(value: object, path: str, log: Reads) -> Any:
    if dataclasses.is_dataclass(value) and type(value).__module__.startswith(_SETTINGS):
        return Recorder(value, path, log)
    log[path] = token(value)
    return value


def _is_data(value: object) -> bool:
    """Plain settings data, whose ``repr`` is its content: scalars, settings dataclasses and containers of them."""
    if isinstance(value, _PLAIN):
        return True
    if isinstance(value, tuple | list):
        return all(_is_data(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _is_data(item) for key, item in value.items())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return type(value).__module__.startswith(_SETTINGS) and all(
            _is_data(getattr(value, f.name)) for f in dataclasses.fields(value)
        )
    return False
