"""``fleetform images [PATH...]``: the container images the manifests run, one per line, for the pipeline's
image scan.

With ``--trivyignore FILE``, also writes Trivy's ignore file from the scan's exceptions
(``image-exceptions.yaml``: vulnerability id, owner, expiry, reason), leaving out expired ones; an expired
exception is reported and the exit is 1, as an expired policy waiver is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from fleetform.arguments import ArgumentParser

SUMMARY = "list the images the manifests run; write the scan's ignore file"
EXCEPTIONS = Path("image-exceptions.yaml")


def run(argv: list[str]) -> int:
    parser = ArgumentParser(
        prog="fleetform images", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="*", default=["dist/k8s"], metavar="PATH", help="default: dist/k8s")
    parser.add_argument("--trivyignore", type=Path, metavar="FILE", help="write Trivy's YAML ignore file here")
    parser.add_argument("--exceptions", type=Path, default=EXCEPTIONS, metavar="FILE", help=f"default: {EXCEPTIONS}")
    args = parser.parse_args(argv)
    from fleetform.images.collect import images_of

    images = images_of([Path(p) for p in args.paths])
    sys.stdout.write("".join(f"{image.ref}\n" for image in images))
    if args.trivyignore is None:
        return 0
    from fleetform.images.exceptions import expired, load_exceptions, trivy_ignore

    today = dt.date.today()
    exceptions = load_exceptions(args.exceptions)
    args.trivyignore.write_text(trivy_ignore(exceptions, today), encoding="utf-8")
    late = expired(exceptions, today)
    for item in late:
        sys.stderr.write(
            f"{args.exceptions.as_posix()}:{item.line}: exception {item.id} (owner {item.owner}) expired on "
            f"{item.expires.isoformat()}; expected the image fixed, or a new review and expiry\n"
        )
    return 1 if late else 0
