"""The Kubernetes CEL URL library: ``url()``, ``isURL()`` and the URL accessors.

Like Go's ``url.ParseRequestURI``, a URL must be absolute (``scheme://...``) or an absolute path.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from cel_expr_python import cel

from fleetform.cel.overload import overload
from fleetform.cel.protos import PACKAGE, URLMessage

U = cel.Type(f"{PACKAGE}.URL")
_S, _B = cel.Type.STRING, cel.Type.BOOL


def _check(text: str) -> None:
    parts = urlsplit(text)
    if not (parts.scheme or text.startswith("/")) or " " in text:
        raise ValueError(f"URL parse error during conversion from string: parse {text!r}: invalid URI for request")


def _url(text: str) -> Any:
    _check(text)
    return URLMessage(value=text)


def _is_url(text: str) -> bool:
    try:
        _check(text)
    except ValueError:
        return False
    return True


def _host(message: Any) -> str:
    return str(urlsplit(str(message.value)).netloc.rpartition("@")[2])


def _hostname(message: Any) -> str:
    host = _host(message)
    if host.startswith("["):
        return host[1 : host.index("]")]
    return host.rpartition(":")[0] if ":" in host else host


def _port(message: Any) -> str:
    host = _host(message)
    tail = host[host.index("]") + 1 :] if host.startswith("[") else host
    return tail.rpartition(":")[2] if ":" in tail else ""


def _query(message: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(str(message.value)).query, keep_blank_values=True)


def _accessor(name: str, ret: cel.Type, impl: Any) -> cel.FunctionDecl:
    return cel.FunctionDecl(name, [overload(f"url_{name}", ret, [U], is_member=True, impl=impl)])


def declarations() -> list[cel.FunctionDecl]:
    return [
        cel.FunctionDecl("url", [overload("string_to_url", U, [_S], impl=_url)]),
        cel.FunctionDecl("isURL", [overload("is_url_string", _B, [_S], impl=_is_url)]),
        _accessor("getScheme", _S, lambda m: urlsplit(str(m.value)).scheme),
        _accessor("getHost", _S, _host),
        _accessor("getHostname", _S, _hostname),
        _accessor("getPort", _S, _port),
        _accessor("getEscapedPath", _S, lambda m: urlsplit(str(m.value)).path),
        _accessor("getQuery", cel.Type.Map(_S, cel.Type.List(_S)), _query),
    ]
