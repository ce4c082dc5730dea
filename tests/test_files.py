"""Reading manifest files: the whole file however the system hands it over, and never past the limit."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from fleetform import files


def _fifo_with(tmp_path: Path, payload: bytes) -> Path:
    """A named pipe that a thread fills with ``payload``: its size is 0 and reads come back short."""
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)

    def write() -> None:
        try:
            with open(fifo, "wb") as out:
                for start in range(0, len(payload), 4096):
                    out.write(payload[start : start + 4096])
        except BrokenPipeError:  # the reader stopped at the limit
            pass

    threading.Thread(target=write, daemon=True).start()
    return fifo


def test_short_reads_are_read_on_to_the_end(tmp_path: Path) -> None:
    payload = b"kind: ConfigMap\n" + b"x" * 300_000 + b"\n"
    assert files.read_raw(_fifo_with(tmp_path, payload)) == payload


def test_a_stream_past_the_limit_stops_one_byte_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100_000)
    raw = files.read_raw(_fifo_with(tmp_path, b"y" * 250_000))
    assert len(raw) == 100_001
    with pytest.raises(files.FileProblem, match="over the 0 MiB limit"):
        files.decode(raw)
