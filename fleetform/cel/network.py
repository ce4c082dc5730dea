"""The Kubernetes CEL IP and CIDR libraries (``ip()``, ``cidr()``, ``isIP()``, ``isCIDR()`` and methods).

As in Kubernetes, zoned addresses (``fe80::1%eth0``) and IPv4-mapped IPv6 addresses are refused.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from cel_expr_python import cel

from fleetform.cel.overload import overload
from fleetform.cel.protos import PACKAGE, CIDRMessage, IPMessage

IP = cel.Type(f"{PACKAGE}.IP")
CIDR = cel.Type(f"{PACKAGE}.CIDR")
_S, _B, _I = cel.Type.STRING, cel.Type.BOOL, cel.Type.INT
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _parse_ip(text: str) -> Address:
    if "%" in text:
        raise ValueError(f"IP address with zone value is not allowed: {text}")
    address = ipaddress.ip_address(text)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        raise ValueError(f"IPv4-mapped IPv6 address is not allowed: {text}")
    return address


def _parse_cidr(text: str) -> Network:
    address, _, prefix = text.partition("/")
    _parse_ip(address)
    if not prefix.isdigit():
        raise ValueError(f"network address parse error during conversion from string: {text}")
    return ipaddress.ip_network(text, strict=False)


def _ip(message: Any) -> Address:
    return ipaddress.ip_address(str(message.value))


def _net(message: Any) -> Network:
    return ipaddress.ip_network(str(message.value), strict=False)


def _valid(parse: Any, text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True


def _contains_ip(cidr: Any, ip: Any) -> bool:
    address = _parse_ip(ip) if isinstance(ip, str) else _ip(ip)
    return address in _net(cidr)


def _contains_cidr(outer: Any, inner: Any) -> bool:
    network = _parse_cidr(inner) if isinstance(inner, str) else _net(inner)
    return network.version == _net(outer).version and network.subnet_of(_net(outer))  # type: ignore[arg-type]


def _m(name: str, oid: str, ret: cel.Type, params: list[cel.Type], impl: Any) -> cel.FunctionDecl:
    return cel.FunctionDecl(name, [overload(oid, ret, params, is_member=True, impl=impl)])


def _is_link_local_multicast(m: Any) -> bool:
    ip = _ip(m)
    return bool(ip.is_multicast and ip in ipaddress.ip_network("224.0.0.0/24" if ip.version == 4 else "ff02::/16"))


def _is_global_unicast(m: Any) -> bool:
    ip = _ip(m)
    special = ip.is_unspecified or ip.is_loopback or ip.is_multicast or ip.is_link_local
    return not (special or str(ip) == "255.255.255.255")


def _attribute(attr: str) -> Any:
    return lambda m: bool(getattr(_ip(m), attr))


def _ip_predicates() -> list[cel.FunctionDecl]:
    checks = {
        "isUnspecified": ("is_unspecified", _attribute("is_unspecified")),
        "isLoopback": ("is_loopback", _attribute("is_loopback")),
        "isLinkLocalMulticast": ("is_link_local_multicast", _is_link_local_multicast),
        "isLinkLocalUnicast": ("is_link_local", _attribute("is_link_local")),
        "isGlobalUnicast": ("is_global_unicast", _is_global_unicast),
    }
    return [_m(name, f"ip_{attr}", _B, [IP], impl) for name, (attr, impl) in checks.items()]


def declarations() -> list[cel.FunctionDecl]:
    return [
        cel.FunctionDecl(
            "ip",
            [
                overload("string_to_ip", IP, [_S], impl=lambda s: IPMessage(value=str(_parse_ip(s)))),
                overload(
                    "cidr_ip",
                    IP,
                    [CIDR],
                    is_member=True,
                    impl=lambda c: IPMessage(value=str(c.value).partition("/")[0]),
                ),
            ],
        ),
        cel.FunctionDecl("isIP", [overload("is_ip_string", _B, [_S], impl=lambda s: _valid(_parse_ip, s))]),
        cel.FunctionDecl(
            "cidr",
            [overload("string_to_cidr", CIDR, [_S], impl=lambda s: (_parse_cidr(s), CIDRMessage(value=s))[1])],
        ),
        cel.FunctionDecl("isCIDR", [overload("is_cidr_string", _B, [_S], impl=lambda s: _valid(_parse_cidr, s))]),
        _m("family", "ip_family", _I, [IP], lambda m: _ip(m).version),
        *_ip_predicates(),
        cel.FunctionDecl(
            "containsIP",
            [
                overload("cidr_contains_ip_ip", _B, [CIDR, IP], is_member=True, impl=_contains_ip),
                overload("cidr_contains_ip_string", _B, [CIDR, _S], is_member=True, impl=_contains_ip),
            ],
        ),
        cel.FunctionDecl(
            "containsCIDR",
            [
                overload("cidr_contains_cidr_cidr", _B, [CIDR, CIDR], is_member=True, impl=_contains_cidr),
                overload("cidr_contains_cidr_string", _B, [CIDR, _S], is_member=True, impl=_contains_cidr),
            ],
        ),
        _m("masked", "cidr_masked", CIDR, [CIDR], lambda c: CIDRMessage(value=str(_net(c)))),
        _m("prefixLength", "cidr_prefix_length", _I, [CIDR], lambda c: _net(c).prefixlen),
    ]
