"""Five-field cron schedules as a Kubernetes CronJob takes them (the API server parses them with
``robfig/cron``'s standard parser): minute, hour, day of month, month, day of week.

Each field is a comma-separated list of ``*``, ``N``, ``N-M``, each optionally ``/STEP`` (``*/15``,
``1-5/2``, ``5/10`` = from 5 to the maximum). Months and weekdays also take names (``JAN``, ``mon``).
Bounds as the parser's: minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-6 (Sunday is 0; 7 is
refused). fleetform refuses what the parser would refuse, and also ``?`` and the ``@daily`` shorthands,
which it has no use for.
"""

from __future__ import annotations

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
#: Each field: its name, lowest and highest value, and the names it takes (value = index + lowest).
FIELDS: tuple[tuple[str, int, int, tuple[str, ...]], ...] = (
    ("minute", 0, 59, ()),
    ("hour", 0, 23, ()),
    ("day of month", 1, 31, ()),
    ("month", 1, 12, _MONTHS),
    ("day of week", 0, 6, _DAYS),
)


def cron_problem(schedule: str) -> str | None:
    """Why a CronJob would refuse ``schedule``, or ``None`` when it is a valid five-field schedule."""
    fields = schedule.split()
    if len(fields) != len(FIELDS) or not schedule.isascii():
        return f"{len(fields)} fields instead of 5" if schedule.isascii() else "non-ASCII characters"
    for text, (name, low, high, names) in zip(fields, FIELDS, strict=True):
        for item in text.split(","):
            problem = _item_problem(item, low, high, names)
            if problem is not None:
                return f"{name} field {text!r}: {problem}"
    return None


def _item_problem(item: str, low: int, high: int, names: tuple[str, ...]) -> str | None:
    span, slash, step = item.partition("/")
    if slash and not (step.isdigit() and int(step) > 0):
        return f"step {step!r} is not a positive number"
    if span == "*":
        return None
    start, dash, end = span.partition("-")
    first = _value(start, low, names)
    last = _value(end, low, names) if dash else (high if slash else first)
    for value, text in ((first, start), (last, end)):
        if value is None:
            return f"{text!r} is not a number" + (f" or one of {', '.join(names)}" if names else "")
        if not low <= value <= high:
            return f"{value} is outside {low}-{high}"
    assert first is not None and last is not None
    return f"range {span!r} ends before it starts" if first > last else None


def _value(text: str, low: int, names: tuple[str, ...]) -> int | None:
    if text.isdigit() and len(text) <= 9:  # isdigit on an ASCII string: 0-9 only; 9 digits never overflow
        return int(text)
    upper = text.upper()
    return names.index(upper) + low if upper in names else None
