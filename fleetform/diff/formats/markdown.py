"""``fleetform diff --format markdown``: one pull-request comment, within GitHub's comment limit.

The summary, the changes that reach every environment and what matters come first; the other changes and
one collapsible ``<details>`` per cluster follow while they fit in :data:`BUDGET`. A cluster too long for
what is left is shown by its summary line alone; once nothing more fits, the comment ends with a note that
says what was left out and the command that shows everything.
"""

from __future__ import annotations

from fleetform.diff.formats import words
from fleetform.diff.formats.words import Options
from fleetform.diff.model import ClusterDiff, DiffReport, Headline
from fleetform.diff.rank import TITLES

#: GitHub's limit on a comment's body, in characters.
COMMENT_LIMIT = 65_536
#: Room left for what a sticky-comment action adds (its hidden header) and for the truncation note.
HEADROOM = 2_048
BUDGET = COMMENT_LIMIT - HEADROOM
#: The first line: a hidden marker by which a job can find the comment it posted before.
MARKER = "<!-- fleetform-diff -->"


def render(report: DiffReport, options: Options) -> str:
    head = [
        MARKER,
        "### fleetform diff",
        "",
        f"`{report.dist}` at `{report.base}` → {report.head}: {words.summary(report)}",
    ]
    if report.all_environments:
        head += ["", "> [!WARNING]", f"> **{words.all_environments(report)}:**"]
        head += [f"> - {_headline(headline)}" for headline in report.all_environments]
    ranked = [headline for headline in report.headlines if headline.category is not None]
    if ranked:
        head += ["", "#### What matters", ""]
        head += [f"- **{TITLES[h.category]}**: {_headline(h)}" for h in ranked if h.category is not None]
    body = "\n".join(head) + "\n"
    others = [headline for headline in report.headlines if headline.category is None]
    blocks: list[tuple[str, str, str | None]] = []  # (what it is, full text, short text)
    if others:
        blocks.append(("other", "\n#### Other changes\n\n", None))
        blocks += [("other", f"- {_headline(headline)}\n", None) for headline in others]
    if report.clusters:
        blocks.append(("cluster", "\n#### Clusters\n\n", None))
        blocks += [("cluster", _cluster(c, report.repeated), _short(c)) for c in report.clusters]
    if report.other_files:
        blocks.append(("other", f"\nOther files changed: {', '.join(f'`{f}`' for f in report.other_files)}\n", None))
    return _fit(body, blocks, report)


def _fit(body: str, blocks: list[tuple[str, str, str | None]], report: DiffReport) -> str:
    left_out: dict[str, int] = {}
    shortened = 0
    for what, full, short in blocks:
        if left_out:
            left_out[what] = left_out.get(what, 0) + 1
        elif len(body) + len(full) <= BUDGET:
            body += full
        elif short is not None and len(body) + len(short) <= BUDGET:
            body += short
            shortened += 1
        else:
            left_out[what] = left_out.get(what, 0) + 1
    if not left_out and not shortened:
        return body
    parts = []
    if left_out.get("cluster"):
        parts.append(f"{words.counted(left_out['cluster'], 'cluster section')} left out")
    if left_out.get("other"):
        parts.append(f"{words.counted(left_out['other'], 'other line')} left out")
    if shortened:
        parts.append(
            f"{words.counted(shortened, 'cluster')} shown by {'its' if shortened == 1 else 'their'} summary only"
        )
    return body + (
        f"\n> **Truncated** ({', '.join(parts)}): a comment holds at most {COMMENT_LIMIT:,} characters. "
        f"Run `fleetform diff --base {report.base_commit[:12]}` for the whole diff.\n"
    )


def _headline(headline: Headline) -> str:
    return f"{_code(headline.text)} {words.where(headline)}{words.examples(headline)}"


def _cluster(cluster: ClusterDiff, repeated: frozenset[str]) -> str:
    listing = "\n".join(line for _, line in words.cluster_lines(cluster, repeated)).replace("```", "'''")
    return f"<details><summary>{_escape(words.cluster_title(cluster))}</summary>\n\n```\n{listing}\n```\n\n</details>\n"


def _short(cluster: ClusterDiff) -> str:
    title = _escape(words.cluster_title(cluster))
    return f"<details><summary>{title} (listing too long for a comment)</summary></details>\n"


def _code(text: str) -> str:
    """Inline code that may itself hold backticks."""
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
