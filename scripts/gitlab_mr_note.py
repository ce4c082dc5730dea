"""Post a file as one merge-request note on GitLab, updating the note it posted before (GitLab's equivalent of
a sticky pull-request comment; used by .gitlab-ci.yml for the output of ``fleetform diff --format markdown``).

    python3 scripts/gitlab_mr_note.py fleetform-diff.md

The note is found by the file's first line (``<!-- fleetform-diff -->``). GitLab CI provides ``CI_API_V4_URL``,
``CI_PROJECT_ID`` and ``CI_MERGE_REQUEST_IID``; ``FLEETFORM_GITLAB_TOKEN`` is a project access token with the
``api`` scope and at least the Reporter role (a job token cannot write notes). Standard library only.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.request
from pathlib import Path
from typing import Any


def _call(method: str, url: str, token: str, body: dict[str, str] | None = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("PRIVATE-TOKEN", token)
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: gitlab_mr_note.py FILE", file=sys.stderr)
        return 2
    text = Path(argv[0]).read_text(encoding="utf-8")
    marker = text.split("\n", 1)[0]
    token = os.environ.get("FLEETFORM_GITLAB_TOKEN", "")
    if not token:
        print("gitlab_mr_note.py: FLEETFORM_GITLAB_TOKEN is not set; the diff is in the job log only", file=sys.stderr)
        return 0
    notes = (
        f"{os.environ['CI_API_V4_URL']}/projects/{os.environ['CI_PROJECT_ID']}"
        f"/merge_requests/{os.environ['CI_MERGE_REQUEST_IID']}/notes"
    )
    mine = [n for n in _call("GET", f"{notes}?per_page=100&sort=asc", token) if n["body"].startswith(marker)]
    if mine:
        _call("PUT", f"{notes}/{mine[0]['id']}", token, {"body": text})
    else:
        _call("POST", notes, token, {"body": text})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
