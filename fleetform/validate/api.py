"""The library call behind ``fleetform validate`` and ``fleetform check``: paths in, results out."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import yaml

from fleetform.documents import MAX_FILE_BYTES, DocumentError, decode, manifest_paths, read_documents, read_text
from fleetform.errors import UserError
from fleetform.findings.finding import Status
from fleetform.validate.check import check_document
from fleetform.validate.config import Config
from fleetform.validate.lines import Locator
from fleetform.validate.result import Result
from fleetform.validate.store import SchemaStore
from fleetform.validate.terraform import TERRAFORM_FILE, check_terraform

STDIN = "-"
_PARALLEL_FROM = 64  # files; below this, worker start-up costs more than it saves


def validate_paths(paths: list[Path], config: Config) -> list[Result]:
    """Validate files, folders (their ``*.yaml``/``*.yml``/``*.json``) and ``-`` (stdin), in order."""
    files = _expand(paths, config)
    with _no_cycle_collection():
        if config.workers > 1 and len(files) >= _PARALLEL_FROM:
            return _parallel(files, config)
        return _sequential(files, SchemaStore(config))


def validate_file(file: str, store: SchemaStore) -> list[Result]:
    """All results of one file (a path, or ``-`` for stdin); an unreadable file gives one ``error`` result."""
    name = "stdin" if file == STDIN else file
    if os.path.basename(file) == TERRAFORM_FILE:
        return check_terraform(Path(file), name)
    try:
        text = decode(sys.stdin.buffer.read(MAX_FILE_BYTES + 1)) if file == STDIN else read_text(file)
    except DocumentError as err:
        return [Result(name, err.line, Status.ERROR, message=err.problem)]
    return _check_text(name, text, store)


def _check_text(name: str, text: str, store: SchemaStore) -> list[Result]:
    results: list[Result] = []
    locator = Locator(text)
    try:
        for doc in read_documents(name, text, strict=store.config.strict):
            results.extend(check_document(doc, store, locator))
    except DocumentError as err:
        results.append(Result(name, err.line, Status.ERROR, message=err.problem))
    except (yaml.YAMLError, RecursionError) as err:  # pragma: no cover - documents wraps YAML errors
        results.append(Result(name, None, Status.ERROR, message=f"malformed YAML: {err}"))
    return results or [Result(name, None, Status.EMPTY)]


def _expand(paths: list[Path], config: Config) -> list[str]:
    given = [p.as_posix() for p in paths]
    for path in given:
        if path != STDIN and not os.path.exists(path):
            raise UserError(f"{path}: no such file or folder; expected a manifest file, a folder or -")
    files = [f for f in manifest_paths(p for p in given if p != STDIN) if not config.ignored(f)]
    return [STDIN, *files] if STDIN in given else files


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Parsing builds millions of short-lived acyclic objects: the cyclic GC only rescans them (2-4x slower)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _sequential(files: list[str], store: SchemaStore) -> list[Result]:
    results: list[Result] = []
    for file in files:
        found = validate_file(file, store)
        results.extend(found)
        if store.config.exit_on_error and _failed(found):
            break
    return results


def _failed(results: list[Result]) -> bool:
    return any(r.status in (Status.INVALID, Status.ERROR) for r in results)


_worker_store: SchemaStore | None = None


def _init_worker(config: Config) -> None:
    global _worker_store
    _worker_store = SchemaStore(config)
    gc.disable()


def _run_chunk(files: list[str]) -> list[list[Result]]:
    assert _worker_store is not None
    return [validate_file(file, _worker_store) for file in files]


def _parallel(files: list[str], config: Config) -> list[Result]:
    """Contiguous chunks (a few per worker, for balance) keep each worker's schema cache warm."""
    results: list[Result] = []
    if files[0] == STDIN:  # stdin belongs to this process
        results.extend(validate_file(STDIN, SchemaStore(config)))
        files = files[1:]
    size = max(16, len(files) // (config.workers * 8) + 1)
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    with ProcessPoolExecutor(config.workers, initializer=_init_worker, initargs=(config,)) as pool:
        for chunk in pool.map(_run_chunk, chunks):
            for found in chunk:
                results.extend(found)
                if config.exit_on_error and _failed(found):
                    pool.shutdown(wait=True, cancel_futures=True)
                    return results
    return results
