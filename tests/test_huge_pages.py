"""``import fleetform`` turns transparent huge pages off for the YAML parser's allocator (see the package's
docstring): the process then reports ``THP_enabled: 0``, unless the user chose otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

STATUS = Path("/proc/self/status")
pytestmark = pytest.mark.skipif(
    not STATUS.exists() or "THP_enabled" not in STATUS.read_text(), reason="Linux reports THP_enabled (5.0+)"
)

#: ``prctl``'s option from ``<linux/prctl.h>``. Its setting is inherited by child processes, and this test
#: process may have imported fleetform already: each probe first allows huge pages again, then imports the
#: parser (its allocator reads its options when it loads) and prints the process's THP state.
PR_SET_THP_DISABLE = 41
PROBE = (
    f"import ctypes; ctypes.CDLL(None).prctl({PR_SET_THP_DISABLE}, 0, 0, 0, 0); "
    "import fleetform.documents; "
    "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('THP_enabled')))"
)


def _thp_enabled(env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True)
    return done.stdout.strip()


def test_importing_fleetform_turns_huge_pages_off_for_the_process() -> None:
    env = {k: v for k, v in os.environ.items() if k != "MIMALLOC_ALLOW_THP"}
    assert _thp_enabled(env) == "0"


def test_a_value_the_user_set_is_kept() -> None:
    assert _thp_enabled({**os.environ, "MIMALLOC_ALLOW_THP": "1"}) == "1"
