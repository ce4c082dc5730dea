"""The memory benchmarks' baseline maps the parent's file pages first, so running code the parent already
ran adds no library pages to the child's resident size."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.fuzz.rss import baseline, resident

STATUS = Path("/proc/self/status")


def _rss_file() -> int:
    """Resident file pages of this process, in bytes."""
    with STATUS.open() as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith("RssFile:"))


@pytest.mark.skipif(not STATUS.exists(), reason="reads /proc/self/status (Linux)")
def test_after_the_baseline_a_forked_child_maps_no_more_library_pages() -> None:
    documents = [{"kind": "ConfigMap", "data": {str(i): "x" * i for i in range(200)}}]
    json.dumps(documents)  # the parent runs the code once
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its baseline, then the same work again
        try:
            start = baseline()
            before = _rss_file()
            json.loads(json.dumps(documents))
            growth = _rss_file() - before
            os.write(write_fd, json.dumps([start, resident(), growth]).encode())
        finally:
            os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        start, now, growth = json.loads(pipe.read())
    os.waitpid(pid, 0)
    assert start > 0 and now > 0
    assert growth <= 16 * 1024  # no library code faulted in again (without the baseline: ~100 KiB)
