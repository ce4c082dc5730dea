"""Check many files in a few forked processes, one share of clusters each.

Reading YAML and evaluating CEL are CPU-bound and independent across clusters (fleet rules and namespace
lookups stay inside a cluster), so the files are split by cluster into shares of about equal size. Each
forked child checks one share and sends back its findings (pickled; small) while this process checks the
first share. The result is the one a single process gives: findings are sorted, files that are bad input
are reported in file order (the others are checked all the same), and on an unexpected error the one
raised is the one of the first file in file order.

Forking copies the loaded policies for free; it is only done on Linux-like systems, from a process with a
single thread (a fork copies only the calling thread), for inputs big enough to pay for it.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fleetform.cel.env import CelEngine
from fleetform.errors import UserError
from fleetform.findings.finding import Finding
from fleetform.parse_cache import ParseCache
from fleetform.policy.model import Policy
from fleetform.policy.runner import run_policies
from fleetform.policy.targets import Target, cluster_of, file_targets, load_parsers

#: At most this many processes (this one included) check a tree.
MAX_WORKERS = 4
#: Below this many bytes of input, one process is faster than forking.
MIN_SPLIT_BYTES = 256 * 1024


@dataclass(frozen=True)
class Checked:
    """The sorted findings of some files, and how many objects they hold."""

    findings: list[Finding]
    objects: int
    #: The located message of each file that could not be read (bad input), in file order: the other
    #: files are checked all the same.
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Outcome:
    """A share's result; ``rank`` orders failures as one process meets them: (0, file index) for an
    unexpected error while reading a file, (1, 0) for an error while running the policies. ``bad_files``:
    (file index, message) of the files that are bad input."""

    findings: list[Finding] = field(default_factory=list)
    objects: int = 0
    error: Exception | None = None
    rank: tuple[int, int] = (2, 0)
    bad_files: list[tuple[int, str]] = field(default_factory=list)


def default_workers(load: float | None = None) -> int:
    """The CPUs this process may use that are idle, up to :data:`MAX_WORKERS`. ``load``: the number of
    runnable processes, this one included (default: :func:`runnable`). On dist/ (~3 MiB, two CPUs) a
    second process takes 20-25% off the wall time for ~8% more CPU when the machine is idle, but at a load
    of 6 it costs 20% more CPU and finishes later: on a busy machine it is not started."""
    affinity = getattr(os, "sched_getaffinity", None)
    count = len(affinity(0)) if affinity is not None else (os.cpu_count() or 1)
    # One other runnable process is often a passing one (a shell, a kernel thread): count it as half.
    others = max((runnable() if load is None else load) - 1, 0.0)
    idle = count - max(others - 0.5, 0.0)
    return max(1, min(count, int(idle + 0.5), MAX_WORKERS))


def runnable() -> float:
    """The processes that want a CPU now (Linux: /proc/loadavg's running count, this one included; the
    one-minute load average lags a minute behind, e.g. after a benchmark's other tool), else the load
    average."""
    try:
        with open("/proc/loadavg", encoding="ascii") as handle:
            return float(handle.read().split()[3].split("/")[0])
    except (OSError, IndexError, ValueError):
        return os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0


def check_files(
    engine: CelEngine, policies: list[Policy], files: list[Path], workers: int, cache: ParseCache | None = None
) -> Checked:
    """Load the objects of ``files`` and run ``policies`` on them, in up to ``workers`` processes; ``cache``
    keeps parsed files between runs."""
    shares = split_shares(files, workers) if workers > 1 and _can_fork() else [list(range(len(files)))]
    if len(shares) > 1:
        _load_programs(policies)
        if cache is None:  # every file is parsed: import the parsers once, not once per process
            load_parsers()
    children = [_fork(_share_work(engine, policies, files, share, cache)) for share in shares[1:]]
    try:
        outcomes = [_check_share(engine, policies, files, shares[0], cache)]
    except BaseException:  # interrupted: leave no process behind
        for pid, fd in children:
            _kill(pid, fd)
        raise
    outcomes.extend(_collect(pid, fd) for pid, fd in children)
    failed = [o.error for o in sorted(outcomes, key=lambda o: o.rank) if o.error is not None]
    if failed:
        raise failed[0]
    findings = [f for o in outcomes for f in o.findings]
    if len(outcomes) > 1:
        findings.sort(key=lambda f: f.sort_key)  # stable: ties come from one file, so from one share
    errors = [message for _, message in sorted(bad for o in outcomes for bad in o.bad_files)]
    return Checked(findings, sum(o.objects for o in outcomes), errors)


def _load_programs(policies: list[Policy]) -> None:
    """Deserialize the programs every object may run, once, before forking: each child would otherwise
    deserialize them again (message expressions only run on violations: they stay lazy)."""
    for policy in policies:
        for named in (*policy.match_conditions, *policy.audit_annotations):
            named.program.load()
        for validation in policy.validations:
            validation.expression.load()


def split_shares(files: list[Path], workers: int) -> list[list[int]]:
    """Indexes of ``files`` in up to ``workers`` shares of whole clusters, the biggest share first; one
    share when the input is too small to split."""
    clusters: dict[str, list[int]] = {}
    for index, file in enumerate(files):
        clusters.setdefault(cluster_of(file).scope, []).append(index)
    sizes = {scope: sum(_size(files[i]) for i in indexes) for scope, indexes in clusters.items()}
    if len(clusters) < 2 or sum(sizes.values()) < MIN_SPLIT_BYTES:
        return [list(range(len(files)))]
    shares: list[list[int]] = [[] for _ in range(min(workers, len(clusters)))]
    loads = [0] * len(shares)
    for scope in sorted(clusters, key=lambda s: (-sizes[s], s)):
        lightest = loads.index(min(loads))
        shares[lightest].extend(clusters[scope])
        loads[lightest] += sizes[scope]
    return [sorted(share) for share in shares if share]


def _size(file: Path) -> int:
    try:
        return os.stat(file).st_size
    except OSError:
        return 0


def _share_work(
    engine: CelEngine, policies: list[Policy], files: list[Path], share: list[int], cache: ParseCache | None
) -> Callable[[], _Outcome]:
    return lambda: _check_share(engine, policies, files, share, cache)


def _check_share(
    engine: CelEngine, policies: list[Policy], files: list[Path], share: list[int], cache: ParseCache | None
) -> _Outcome:
    targets: list[Target] = []
    bad_files: list[tuple[int, str]] = []
    for index in share:
        try:
            targets.extend(file_targets(files[index], cache))
        except UserError as exc:  # bad input: reported, and the other files are checked
            bad_files.append((index, exc.message))
        except Exception as exc:  # raised by check_files, in file order across shares
            return _Outcome(error=exc, rank=(0, index))
    try:
        findings = run_policies(engine, policies, targets)
    except Exception as exc:
        return _Outcome(error=exc, rank=(1, 0))
    return _Outcome(findings, len(targets), bad_files=bad_files)


def _can_fork() -> bool:
    if not hasattr(os, "fork"):
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:  # no /proc: cannot tell whether other threads run
        return False


def _fork(work: Callable[[], _Outcome]) -> tuple[int, int]:
    """Run ``work`` in a child process; returns its pid and the pipe its pickled outcome comes through."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns, never runs the parent's exit handlers or flushes its buffers
        code = 1
        try:
            os.close(read_fd)
            with os.fdopen(write_fd, "wb") as out:
                out.write(_dumps(work()))
            code = 0
        finally:
            os._exit(code)
    os.close(write_fd)
    return pid, read_fd


def _dumps(outcome: _Outcome) -> bytes:
    try:
        return pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # an exception that does not pickle: keep its type name and message
        error = RuntimeError(f"{type(outcome.error).__name__}: {outcome.error}")
        return pickle.dumps(_Outcome(error=error, rank=outcome.rank), protocol=pickle.HIGHEST_PROTOCOL)


def _collect(pid: int, fd: int) -> _Outcome:
    with os.fdopen(fd, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    if not data:
        return _Outcome(error=RuntimeError(f"policy worker process {pid} exited without a result"), rank=(1, 0))
    outcome: _Outcome = pickle.loads(data)
    return outcome


def _kill(pid: int, fd: int) -> None:
    os.close(fd)
    try:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    except OSError:
        pass
