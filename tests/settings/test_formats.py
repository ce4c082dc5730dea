"""The formats the API server and the clouds accept, rule by rule."""

from __future__ import annotations

import pytest

from fleetform.settings.cron import cron_problem
from fleetform.settings.formats import (
    git_branch_problem,
    label_value_problem,
    qualified_name_problem,
    time_zone_problem,
    url_problem,
)


@pytest.mark.parametrize(
    ("schedule", "problem"),
    [
        ("0 3 * * 0", None),
        ("*/15 0-23/2 1,15 JAN-jun mon-FRI", None),
        ("5/10 * * * *", None),
        ("00 03 * * *", None),
        ("a b c d e", "minute field 'a': 'a' is not a number"),
        ("0 3 * * 7", "day of week field '7': 7 is outside 0-6"),
        ("0 3 * * ?", "day of week field '?': '?' is not a number or one of SUN, MON, TUE, WED, THU, FRI, SAT"),
        ("60 * * * *", "minute field '60': 60 is outside 0-59"),
        ("0 24 * * *", "hour field '24': 24 is outside 0-23"),
        ("0 0 0 * *", "day of month field '0': 0 is outside 1-31"),
        ("0 0 * 13 *", "month field '13': 13 is outside 1-12"),
        ("5-1 * * * *", "minute field '5-1': range '5-1' ends before it starts"),
        ("*/0 * * * *", "minute field '*/0': step '0' is not a positive number"),
        ("0 3 * *", "4 fields instead of 5"),
        ("@daily", "1 fields instead of 5"),
        ("0 3 * * \uff10", "non-ASCII characters"),
        ("9999999999 * * * *", "minute field '9999999999': '9999999999' is not a number"),
    ],
)
def test_cron_as_a_cronjob_parses_it(schedule: str, problem: str | None) -> None:
    assert cron_problem(schedule) == problem


@pytest.mark.parametrize(
    ("zone", "problem"),
    [
        ("Etc/UTC", None),
        ("Europe/Berlin", None),
        ("US/Pacific", None),
        ("Mars/Olympus_Mons", "is not an IANA time zone"),
    ],
)
def test_time_zones_are_the_tz_database_names(zone: str, problem: str | None) -> None:
    assert time_zone_problem(zone) == problem


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://acme-v02.api.letsencrypt.org/directory", None),
        ("https://10.0.0.1/x", None),
        ("http://x.example", "is not a https:// URL"),
        ("https://user:pw@x.example/", "holds a password (credentials belong in a Secret)"),
        ("https://-bad-.example/", "names no valid host"),
        ("https://x.example:0/", "names no valid host"),
        ("https://x.example:99999/", "is not a URL (Port out of range 0-65535)"),
        ("not a url", "is not a URL (spaces, control or non-ASCII characters)"),
    ],
)
def test_urls(url: str, problem: str | None) -> None:
    assert url_problem(url, ("https",)) == problem


@pytest.mark.parametrize(
    ("branch", "bad"),
    [
        ("main", False),
        ("release/1.0", False),
        ("", True),
        ("a..b", True),
        ("-x", True),
        ("x.lock", True),
        ("a b", True),
        ("HEAD", True),
        ("feature/.x", True),
    ],
)
def test_git_branches(branch: str, bad: bool) -> None:
    assert (git_branch_problem(branch) is not None) == bad


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("app.kubernetes.io/name", None),
        ("eks.amazonaws.com/nodegroup", None),
        ("bad key", "is not a qualified name ([prefix/]name)"),
        ("/x", "has prefix '', which is not a DNS subdomain"),
        ("a/b/c", "has prefix 'a/b', which is not a DNS subdomain"),
        ("example.com/" + "x" * 64, "has a name part of 64 characters, over 63"),
    ],
)
def test_label_and_annotation_keys(key: str, problem: str | None) -> None:
    assert qualified_name_problem(key) == problem


@pytest.mark.parametrize(
    ("value", "problem"),
    [("", None), ("a_b.c-d", None), ("-a", "is not a label value"), ("a" * 64, "is 64 characters long, over 63")],
)
def test_label_values(value: str, problem: str | None) -> None:
    assert label_value_problem(value) == problem
