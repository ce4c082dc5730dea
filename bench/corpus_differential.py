"""Check the fast parser against PyYAML on every document of a corpus (run by hand, not in tests).

Every part of every file that the fast path takes (``yaml_fastpath.risky`` lets it through and yaml_rs
reads it) is parsed again by PyYAML's loader; any difference is printed and the exit status is 1.

    .venv/bin/python bench/corpus_differential.py [CORPUS]   # default: the folder corpus_build.py writes
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from corpus_build import default_out

from fleetform import documents


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else default_out()
    fast = slow = differ = 0
    for folder, _, names in sorted(os.walk(root)):
        for name in sorted(names):
            if not name.endswith((".yaml", ".yml")):
                continue
            path = os.path.join(folder, name)
            text = documents.read_text(path).replace("\r\n", "\n").replace("\r", "\n")
            for _, part in documents._parts(text):
                for strict in (False, True):
                    got = documents._fast_documents(part, strict)
                    if got is None:
                        slow += 1
                        continue
                    fast += 1
                    try:
                        want = [(d.line, d.data) for d in documents._slow_documents(path, part, strict)]
                    except documents.DocumentError as err:
                        want = [(0, f"error: {err.problem}")]
                    if got != want:
                        differ += 1
                        print(f"{path}: strict={strict}: the fast path differs from PyYAML")
    print(f"{fast} parts read by the fast path, {slow} by PyYAML; {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
