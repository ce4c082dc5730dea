"""The phrases every format shares, built once: counts, where a change happened, the summary line."""

from __future__ import annotations

from dataclasses import dataclass

from fleetform.diff.fold import edit_text
from fleetform.diff.model import ADDED, CHANGED, K8S, REMOVED, TERRAFORM, ClusterDiff, DiffReport, Headline
from fleetform.diff.rank import TITLES


@dataclass(frozen=True)
class Options:
    """``colour``: ANSI colours (text only; the command turns them on for a terminal)."""

    colour: bool = False


def counted(number: int, noun: str) -> str:
    """``1 object``, ``1,273 objects``."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def where(headline: Headline) -> str:
    """``on 1,273 objects in 9 clusters, all environments``; one cluster is named (``in aws-dev``)."""
    clusters = headline.clusters[0] if len(headline.clusters) == 1 else counted(len(headline.clusters), "cluster")
    text = f"on {counted(headline.objects, 'object')} in {clusters}"
    return f"{text}, all environments" if headline.all_environments else text


def examples(headline: Headline) -> str:
    """`` (Deployment api, Deployment model-worker, …)``: the objects, when they are few or as a sample;
    nothing when the line names its one object already (``destroyed aws_s3_bucket.logs``)."""
    shown = [example for example in headline.examples if example not in headline.text]
    if not shown:
        return ""
    more = ", …" if headline.objects > len(headline.examples) and len(headline.examples) == 3 else ""
    return f" ({', '.join(shown)}{more})"


def summary(report: DiffReport) -> str:
    """One line: what changed, in how many clusters."""
    if report.empty:
        return "no changes"
    k8s = (
        f"{counted(report.total(K8S, CHANGED), 'Kubernetes object')} changed, "
        f"{report.total(K8S, ADDED):,} added, {report.total(K8S, REMOVED):,} removed"
    )
    terraform = (
        f"Terraform: {report.total(TERRAFORM, ADDED):,} created, {report.total(TERRAFORM, REMOVED):,} destroyed, "
        f"{report.total(TERRAFORM, CHANGED):,} changed"
    )
    other = f"; {counted(len(report.other_files), 'other file')} changed" if report.other_files else ""
    return f"{counted(len(report.clusters), 'cluster')}: {k8s}; {terraform}{other}"


def all_environments(report: DiffReport) -> str:
    """The warning on top when changes reach every environment at once."""
    found = report.all_environments
    return (
        f"All environments at once ({', '.join(report.environments)}): {counted(len(found), 'change')} "
        f"{'reaches' if len(found) == 1 else 'reach'} every environment in this one change"
    )


def cluster_title(cluster: ClusterDiff) -> str:
    """``aws-dev (dev): 1 removed, 2 added, 4 changed``."""
    statuses = [obj.status for obj in cluster.objects]
    parts = [f"{statuses.count(status):,} {status}" for status in (REMOVED, ADDED, CHANGED) if status in statuses]
    return f"{cluster.cluster} ({cluster.environment}): {', '.join(parts)}"


#: Styles of :func:`cluster_lines`: how text colours them (markdown ignores them).
REMOVED_STYLE, ADDED_STYLE, CHANGED_STYLE, RANKED_STYLE, PLAIN_STYLE = "removed", "added", "changed", "ranked", "plain"
_MARKS = {REMOVED: ("-", REMOVED_STYLE), ADDED: ("+", ADDED_STYLE), CHANGED: ("~", CHANGED_STYLE)}


def cluster_lines(cluster: ClusterDiff, repeated: frozenset[str]) -> list[tuple[str, str]]:
    """(style, line) of one cluster's listing: ``- aws_db_instance.db (destroyed)``, ``~ apps/v1 Deployment
    ml-dev/api  dist/k8s/...`` with its fields indented (``!`` marks what matters); changes in ``repeated``
    are left out and the objects that had no other change are counted on one last line."""
    lines: list[tuple[str, str]] = []
    only_repeated = 0
    for obj in cluster.objects:
        fields = [change for change in obj.fields if change.summary not in repeated]
        if obj.status == CHANGED and not fields:
            only_repeated += 1
            continue
        mark, style = _MARKS[obj.status]
        what = f" [{TITLES[obj.category]}]" if obj.category else ""
        if obj.status == CHANGED:
            lines.append((style, f"{mark} {obj.identity}  {obj.file}"))
        else:
            verb = obj.summary.split(" ", 1)[0]
            lines.append((RANKED_STYLE if obj.category else style, f"{mark} {obj.identity} ({verb}){what}"))
        for change in fields:
            edit = edit_text(change.op, change.old, change.new)
            marker = "!" if change.category else " "
            lines.append((RANKED_STYLE if change.category else PLAIN_STYLE, f"    {marker} {change.path}: {edit}"))
    if only_repeated:
        more = "more " if lines else ""
        lines.append((PLAIN_STYLE, f"… {counted(only_repeated, more + 'object')} changed only by the repeated changes"))
    return lines
