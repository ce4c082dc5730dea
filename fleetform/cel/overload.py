"""Python-implemented CEL overloads, declared through :func:`overload` only.

cel-expr-python 0.1.3 (the newest release on PyPI) keeps a reference to every value a Python implementation
returns and to every call's argument tuple, so neither is ever freed. Measured with the library's own
``NewEnv``: 110-190 bytes per call, for instance 290 bytes per ``split``; the policies make about 11,500
calls over 2,000 Deployments (23,000 before they matched image tags with CEL's own ``matches``). The
returned values are the part this module can stop: an implementation called with arguments it has seen
returns the very object it returned then (an extra reference to an object that exists anyway costs nothing).
The argument tuples still leak; only a fixed release of the library can stop that.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from cel_expr_python import cel

#: Results kept per implementation: the distinct calls of a run's values (image names, quantities) that
#: are reused while they are in the cache; an evicted result stays leaked, as without the cache.
_KEPT = 4096


def overload(
    oid: str,
    return_type: cel.Type,
    parameters: list[cel.Type],
    is_member: bool = False,
    impl: Callable[..., Any] | None = None,
) -> cel.Overload:
    """``cel.Overload`` with the same arguments, ``impl`` wrapped by :func:`_reusing`."""
    if impl is None:
        return cel.Overload(oid, return_type, parameters, is_member=is_member)
    return cel.Overload(oid, return_type, parameters, is_member=is_member, impl=_reusing(impl))


def _reusing(impl: Callable[..., Any]) -> Callable[..., Any]:
    """``impl``, returning the same object for the same arguments (compared with their types: ``1``,
    ``1.0`` and ``True`` are different CEL values); lists, maps and messages are not hashable and are
    passed on as they are. ``impl`` must be a pure function that raises or returns a fresh value."""
    kept = functools.lru_cache(maxsize=_KEPT, typed=True)(impl)

    def call(*args: Any) -> Any:
        try:
            hash(args)
        except TypeError:
            return impl(*args)
        return kept(*args)

    return call
