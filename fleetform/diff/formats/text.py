"""``fleetform diff`` for a terminal: the summary, the changes that reach every environment, what matters
(ranked), the other changes (folded), then each cluster's objects. ANSI colours only when asked for."""

from __future__ import annotations

from fleetform.diff.formats import words
from fleetform.diff.formats.words import Options
from fleetform.diff.model import DiffReport, Headline
from fleetform.diff.rank import TITLES

_CODES = {
    words.REMOVED_STYLE: "31",  # red
    words.ADDED_STYLE: "32",  # green
    words.CHANGED_STYLE: "33",  # yellow
    words.RANKED_STYLE: "1;31",  # bold red: what matters
    "heading": "1",  # bold
    "warning": "1;35",  # bold magenta
}


def render(report: DiffReport, options: Options) -> str:
    def paint(style: str, line: str) -> str:
        code = _CODES.get(style)
        return f"\033[{code}m{line}\033[0m" if options.colour and code else line

    out = [paint("heading", f"fleetform diff: {report.dist} at {report.base} → {report.head}"), words.summary(report)]
    if report.all_environments:
        out += ["", paint("warning", words.all_environments(report) + ":")]
        out += [f"  {_headline(headline)}" for headline in report.all_environments]
    ranked = [headline for headline in report.headlines if headline.category is not None]
    if ranked:
        out += ["", paint("heading", "What matters:")]
        category = ""
        for headline in ranked:
            if headline.category is not None and headline.category != category:
                category = headline.category
                out.append(paint(words.RANKED_STYLE, f"  {TITLES[category]}"))
            out.append(f"    {_headline(headline)}")
    others = [headline for headline in report.headlines if headline.category is None]
    if others:
        out += ["", paint("heading", "Other changes:")]
        out += [f"  {_headline(headline)}" for headline in others]
    repeated = report.repeated
    for cluster in report.clusters:
        out += ["", paint("heading", words.cluster_title(cluster))]
        out += [paint(style, f"  {line}") for style, line in words.cluster_lines(cluster, repeated)]
    if report.other_files:
        out += ["", f"Other files changed: {', '.join(report.other_files)}"]
    return "\n".join(out) + "\n"


def _headline(headline: Headline) -> str:
    return f"{headline.text} {words.where(headline)}{words.examples(headline)}"
