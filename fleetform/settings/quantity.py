"""Kubernetes resource quantities (``500m``, ``8Gi``) as exact numbers, for comparisons."""

from __future__ import annotations

import re
from fractions import Fraction

_SUFFIX = {
    "": Fraction(1),
    "m": Fraction(1, 1000),
    "k": Fraction(10**3),
    "M": Fraction(10**6),
    "G": Fraction(10**9),
    "T": Fraction(10**12),
    "Ki": Fraction(2**10),
    "Mi": Fraction(2**20),
    "Gi": Fraction(2**30),
    "Ti": Fraction(2**40),
}
_QUANTITY = re.compile(r"(\d+(?:\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?")


def parse_quantity(text: str) -> Fraction:
    """``"500m"`` -> 1/2; ``"8Gi"`` -> 8589934592. Raises ValueError on anything else."""
    match = _QUANTITY.fullmatch(text)
    if match is None:
        raise ValueError(f"not a quantity: {text!r}")
    return Fraction(match.group(1)) * _SUFFIX[match.group(2) or ""]
