"""What people write, each file of fixtures/realworld/ with its expected verdict (kubectl's reading):
CRLF and mixed line endings, a BOM, tabs as spacing (valid) and as indentation (an error), integer and
boolean map keys (stringified: ``8080`` -> ``"8080"``, ``on`` -> ``"true"``), ``kind: List``, documents
holding only comments, and a malformed document that must not hide an invalid one after it."""

from __future__ import annotations

from fleetform.documents import read_each
from tests.validate.conftest import FIXTURES, Validate

LOCATED = (
    "bad-then-invalid.yaml:5: failed validation: malformed YAML: while parsing a flow sequence: "
    "did not find expected ',' or ']'\n"
    "bad-then-invalid.yaml:10: v1 ConfigMap after-bad is invalid: data.k: 1 is not of type string\n"
    'crlf-multi.yaml:12: rbac.authorization.k8s.io/v1 ClusterRoleBinding bad is invalid: roleRef: "apiGroup" is a '
    "required property\n"
    'crlf-multi.yaml:15: rbac.authorization.k8s.io/v1 ClusterRoleBinding bad is invalid: subjects: "none" is not '
    "of type array\n"
    "list.yaml:10: v1 ConfigMap two is invalid: data.k: 1 is not of type string\n"
    "tab-indent.yaml:4: failed validation: malformed YAML: while scanning for the next token: "
    "found character that cannot start any token\n"
    "Summary: 13 resources found in 10 files - Valid: 8, Invalid: 3, Errors: 2, Skipped: 0\n"
)


def test_every_file_gets_its_verdict(validate: Validate) -> None:
    assert validate("-summary", ".", cwd=FIXTURES / "realworld") == (1, LOCATED, "")


def test_kubeconform_lines_for_the_same_files(validate: Validate) -> None:
    code, out, _ = validate("-output", "text", "-verbose", ".", cwd=FIXTURES / "realworld")
    valid = [line for line in out.splitlines() if line.endswith(" is valid")]
    assert (code, valid) == (
        1,
        [
            "bom.yaml - ConfigMap bom is valid",
            "comments-only.yaml - ConfigMap after-comments is valid",
            "crlf-multi.yaml - ConfigMap crlf is valid",
            "int-keys.yaml - ConfigMap int-keys is valid",
            "istio-port-level.yaml - PeerAuthentication default is valid",
            "list.yaml - ConfigMap one is valid",
            "mixed-endings.yaml - ConfigMap mixed is valid",
            "tab-spacing.yaml - ConfigMap tabs is valid",
        ],
    )


def test_non_string_keys_become_strings_as_kubectl_makes_them() -> None:
    text = (FIXTURES / "realworld" / "int-keys.yaml").read_text()
    (doc,) = read_each("int-keys.yaml", text)
    assert not isinstance(doc, Exception)
    assert doc.data["data"] == {"8080": "http", "true": "t"}  # `on` and `true` are both the key "true"


def test_crlf_documents_are_split_and_lines_kept() -> None:
    text = (FIXTURES / "realworld" / "crlf-multi.yaml").read_bytes().decode()
    assert "\r\n" in text
    lines = [(d.line, d.data["metadata"]["name"]) for d in read_each("f", text) if not isinstance(d, Exception)]
    assert lines == [(1, "crlf"), (8, "bad")]
