"""JUnit XML: the document and the counts of a test suite, for every command's ``junit`` output."""

from __future__ import annotations

from xml.etree import ElementTree as ET


def counts(name: str, *, tests: int, failures: int, errors: int = 0, skipped: int = 0) -> dict[str, str]:
    """The attributes of a ``testsuite`` (or ``testsuites``) element, in JUnit's order."""
    return {
        "name": name,
        "tests": str(tests),
        "failures": str(failures),
        "errors": str(errors),
        "skipped": str(skipped),
    }


def document(root: ET.Element) -> str:
    """``root`` as an indented XML document with its declaration."""
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
