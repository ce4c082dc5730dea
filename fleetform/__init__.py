"""fleetform: generate and check the GitOps manifests of a multi-cloud ML serving platform.

Transparent huge pages are turned off for ``yaml_rs``' allocator (mimalloc), which reads its options from
the environment once, when the extension loads, so this is set before any module imports it. mimalloc
asks the kernel for 2 MiB pages in its 1 GiB arena; every 2 MiB region the parser touches then becomes
resident whole, so a 1 KiB scalar could add 2 MiB to the process and a 64 KiB one 6 MiB. With 4 KiB pages
the same read adds what it uses. mimalloc applies it with ``prctl(PR_SET_THP_DISABLE)``, so it holds for
the whole process and the processes it starts (synth's Node process). A value the user set is kept.
"""

import os

__version__ = "0.1.0"

os.environ.setdefault("MIMALLOC_ALLOW_THP", "0")
