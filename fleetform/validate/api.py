"""The library call behind ``fleetform validate`` and ``fleetform check``: paths in, results out."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from fleetform.documents import MAX_FILE_BYTES, DocumentError, decode, manifest_paths, read_each, read_text
from fleetform.findings.finding import Status
from fleetform.schemas.catalog import default_pins
from fleetform.validate.check import check_document
from fleetform.validate.config import Config
from fleetform.validate.crdcel import engine
from fleetform.validate.lines import Locator
from fleetform.validate.result import Result
from fleetform.validate.store import SchemaStore
from fleetform.validate.terraform import TERRAFORM_FILE, check_terraform

STDIN = "-"
_PARALLEL_FROM = 64  # files; below this, worker start-up costs more than it saves


def validate_paths(paths: list[Path] | list[str], config: Config) -> list[Result]:
    """Validate files and folders (their ``*.yaml``/``*.yml``/``*.json``), in order; no paths (or ``-``
    alone): standard input. A path that does not exist is an ``error`` result, and the run goes on."""
    given = [p.as_posix() if isinstance(p, Path) else p for p in paths]
    if given in ([], [STDIN]):
        return validate_file(STDIN, SchemaStore(config))
    with _no_cycle_collection():
        results: list[Result] = []
        files: list[str] = []
        for path in given:
            if not os.path.lexists(path):
                results.extend(_run(files, config))
                files = []
                results.append(_missing(path))
                if config.exit_on_error:
                    return results
                continue
            files.extend(f for f in manifest_paths([path]) if not config.ignored(f))
        return results + _run(files, config)


def _missing(path: str) -> Result:
    return Result(
        path,
        None,
        Status.ERROR,
        message="no such file or folder; expected a manifest file, a folder or -",
        error=f"lstat {path}: no such file or directory",
    )


def _run(files: list[str], config: Config) -> list[Result]:
    if not files:
        return []
    workers = min(config.workers, os.cpu_count() or 1)  # more processes than CPUs only adds start-up time
    if workers > 1 and len(files) >= _PARALLEL_FROM:
        return _parallel(files, config, workers)
    return _sequential(files, SchemaStore(config))


def validate_file(file: str, store: SchemaStore) -> list[Result]:
    """All results of one file (a path, or ``-`` for stdin); an unreadable file gives one ``error`` result."""
    name = "stdin" if file == STDIN else file
    if os.path.basename(file) == TERRAFORM_FILE:
        return check_terraform(Path(file), name)
    try:
        text = decode(sys.stdin.buffer.read(MAX_FILE_BYTES + 1)) if file == STDIN else read_text(file)
    except DocumentError as err:
        return [Result(name, err.line, Status.ERROR, message=err.problem, error=err.problem)]
    return _check_text(name, text, store)


def _check_text(name: str, text: str, store: SchemaStore) -> list[Result]:
    results: list[Result] = []
    locator = Locator()
    for doc in read_each(name, text, strict=store.config.strict):
        if isinstance(doc, DocumentError):
            results.append(Result(name, doc.line, Status.ERROR, message=doc.problem, error=doc.upstream))
        else:
            results.extend(check_document(doc, store, locator))
    return results or [Result(name, None, Status.EMPTY)]


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


def _parallel(files: list[str], config: Config, workers: int) -> list[Result]:
    """Contiguous chunks of about equal cost (a few per worker, for balance; a large file is a chunk of its
    own) keep each worker's schema cache warm; the costliest are handed out first (so no large chunk is
    left to start last), and the results are put back in file order."""
    results: list[Result] = []
    _warm(config)
    chunks, costs = _chunks(files, workers * 8)
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(config,)) as pool:
        order = sorted(range(len(chunks)), key=lambda i: -costs[i])
        futures = {index: pool.submit(_run_chunk, chunks[index]) for index in order}
        for index in range(len(chunks)):
            for found in futures[index].result():
                results.extend(found)
                if config.exit_on_error and _failed(found):
                    pool.shutdown(wait=True, cancel_futures=True)
                    return results
    return results


def _warm(config: Config) -> None:
    """Before the fork, what every worker would otherwise do once for itself: the platform's pins (which
    bundled CRD schemas ``default`` means; ~0.1 s of imports) and, when CEL rules run, the CEL environment."""
    default_pins()
    if config.cel:
        engine()


def _chunks(files: list[str], count: int) -> tuple[list[list[str]], list[int]]:
    """``files`` in about ``count`` contiguous chunks of about equal cost (:func:`_size`), and their costs."""
    sizes = [_size(f) for f in files]
    target = max(1, sum(sizes) // count)
    chunks: list[list[str]] = [[]]
    costs = [0]
    for file, size in zip(files, sizes, strict=True):
        if chunks[-1] and costs[-1] + size > target:
            chunks.append([])
            costs.append(0)
        chunks[-1].append(file)
        costs[-1] += size
    return chunks, costs


#: What a file costs beside its bytes (open, results, its documents' checks), in bytes of parsing: fitted at
#: about 3,300 on real manifests and 170 on small generated ones; between the two.
_FILE_COST = 2048


def _size(file: str) -> int:
    try:
        return os.stat(file).st_size + _FILE_COST
    except OSError:
        return _FILE_COST
