"""Resident memory for the memory benchmarks (``bench/fuzz.py``, ``bench/memory.py``), which measure a
child forked from a warmed process: its peak resident size (``wait4``'s ``ru_maxrss``) less its size when
it starts.

A forked child shares its parent's pages, but its page tables map the parent's *file* pages (the code of
libpython and of the compiled extensions, memory-mapped data) only when it first touches them. Running an
input therefore made up to ~4.5 MiB of library code resident again in the child: memory that the parent
already had, that every process shares, and that no input size changes. :func:`baseline` maps those pages
first (``madvise(MADV_POPULATE_READ)``, Linux 5.14+; elsewhere nothing is mapped), so that the growth
measured from it is what the input made the process allocate.
"""

from __future__ import annotations

import ctypes
import os

#: ``MADV_POPULATE_READ`` from ``<linux/mman.h>``: fault the range in for reading, as if each page were read.
MADV_POPULATE_READ = 22


def baseline() -> int:
    """Map this process's readable file pages, then return its resident size in bytes."""
    _populate_file_pages()
    return resident()


def resident() -> int:
    """This process's resident size in bytes (``/proc/self/statm``)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _populate_file_pages() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    with open("/proc/self/maps") as maps:
        lines = maps.read().splitlines()
    for line in lines:
        fields = line.split(maxsplit=5)
        # address, permissions, offset, device, inode, path: a file mapping has an inode; devices are skipped
        if len(fields) < 6 or fields[4] == "0" or "r" not in fields[1] or fields[5].startswith("/dev/"):
            continue
        start, end = (int(bound, 16) for bound in fields[0].split("-"))
        # Pages past the end of the file fail (EFAULT) instead of raising SIGBUS; the result is not needed.
        libc.madvise(ctypes.c_void_p(start), ctypes.c_size_t(end - start), MADV_POPULATE_READ)
