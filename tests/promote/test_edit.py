"""Settings text is edited in place: a changed pin is one changed line, comments and quoting stay."""

from __future__ import annotations

import pytest

from fleetform.errors import UserError
from fleetform.promote.edit import scalar, set_scalars

STAGING = """\
# Staging mirrors production.
api:
  replicas: {min: 2, max: 10}
release:   # pinned apart from platform.yaml
  version: 1.4.2            # the release under test
  images:
    api:
      repository: ghcr.io/acme/ml-platform/api
      tag: "1.4.2"
      digest: sha256:aaaa
"""


def test_an_existing_pin_is_replaced_on_its_line_keeping_comment_and_quotes() -> None:
    out = set_scalars(
        STAGING, "s.yaml", ((("release", "version"), "1.4.3"), (("release", "images", "api", "tag"), "1.4.3"))
    )
    assert out == STAGING.replace("version: 1.4.2 ", "version: 1.4.3 ").replace('tag: "1.4.2"', 'tag: "1.4.3"')


def test_a_missing_pin_is_inserted_at_the_end_of_its_parent_block() -> None:
    out = set_scalars(STAGING, "s.yaml", ((("release", "charts", "istio"), "1.30.4"),))
    assert out == STAGING + "  charts:\n    istio: 1.30.4\n"


def test_a_missing_release_block_is_appended_with_its_parents() -> None:
    text = "infra: {}   # defaults\n"
    leaves = ((("release", "version"), "1.4.3"), (("release", "images", "api", "tag"), "1.4.3"))
    assert set_scalars(text, "p.yaml", leaves) == (
        "infra: {}   # defaults\nrelease:\n  version: 1.4.3\n  images:\n    api:\n      tag: 1.4.3\n"
    )


def test_an_empty_flow_mapping_becomes_a_block() -> None:
    assert set_scalars("release: {}  # none yet\n", "p.yaml", ((("release", "version"), "2.0.0"),)) == (
        "release:  # none yet\n  version: 2.0.0\n"
    )


def test_children_take_the_indent_of_their_siblings() -> None:
    text = "release:\n    version: 1.0.0\nlog_level: INFO\n"
    out = set_scalars(text, "p.yaml", ((("release", "charts", "velero"), "12.1.0"),))
    assert out == "release:\n    version: 1.0.0\n    charts:\n      velero: 12.1.0\nlog_level: INFO\n"


def test_a_value_inside_a_flow_mapping_is_a_located_error() -> None:
    with pytest.raises(UserError) as raised:
        set_scalars(STAGING, "s.yaml", ((("api", "replicas", "max"), "11"),))
    assert raised.value.message == (
        "s.yaml:3: api.replicas.max: not a one-line 'key: value' entry of a block mapping, which promote edits "
        "in place; expected block style here (one key per line, no {...} mapping) or the edit made by hand"
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [("1.4.3", "1.4.3"), ("1.30", '"1.30"'), ("v1.21.1", "v1.21.1"), ("true", '"true"'), ("a b", '"a b"')],
)
def test_scalars_are_plain_only_when_yaml_reads_them_back_as_the_same_string(value: str, text: str) -> None:
    assert scalar(value) == text
