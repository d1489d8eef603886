"""The project's one date reader: claim fields, dates written in text, and dates in names.

- :func:`normalise_date`: a claim's or an article's date field as ISO 8601 when it can be
  read unambiguously, else as given (the claim record contract);
- :func:`find_date`: the first calendar date written in a field or a sentence
  ("stated on October 28, 2019 in a speech:");
- :func:`name_date`: the date a document's name says, as transcripts, archives and URLs
  are named ("20170822_Trump_phoenix", "rally-2018-07-31", "2018/07/31/story");
- :data:`WRITTEN_DATE`: a pattern for dates written in text, to blank them out where they
  are no content (a figure in "June 2, 2015" is no figure of the claim).
"""

from __future__ import annotations

import re
from datetime import date as Date
from datetime import datetime

MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%b. %d, %Y",
    "%d.%m.%Y",
    "%m/%d/%Y",
    "%Y%m%d",
)


def normalise_date(value) -> str | None:
    """ISO 8601 for a date we can read unambiguously; anything else is kept as given.

    Args:
        value: a date field as found (string, number or None).
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    iso = text.replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(iso)
        return parsed.date().isoformat() if len(text) <= 10 else parsed.isoformat()
    except ValueError:
        pass
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return text


_LOOSE_DATE = re.compile(
    r"(?P<iso>\d{4}-\d{2}-\d{2})|(?P<mdy>(?P<m1>[A-Za-z]{3,9})\.? (?P<d1>\d{1,2}),? (?P<y1>\d{4}))"
    r"|(?P<dmy>(?P<d2>\d{1,2}) (?P<m2>[A-Za-z]{3,9})\.? (?P<y2>\d{4}))"
)


def find_date(value: str | None) -> Date | None:
    """The first calendar date written in ``value``: "2019-10-28", "stated on October 28, 2019 in".

    Args:
        value: a date field or free text.
    """
    if not value:
        return None
    for m in _LOOSE_DATE.finditer(str(value)):
        try:
            if m.group("iso"):
                return Date.fromisoformat(m.group("iso"))
            month, day, year = (
                (m.group("m1"), m.group("d1"), m.group("y1"))
                if m.group("mdy")
                else (m.group("m2"), m.group("d2"), m.group("y2"))
            )
            number = next(
                (i for i, name in enumerate(MONTHS, 1) if name.startswith(month.lower()[:3])), None
            )
            if number is not None and (
                len(month) == 3 or month.lower() in MONTHS or month.lower() == "sept"
            ):
                return Date(int(year), number, int(day))
        except ValueError:
            continue
    return None


# A whole calendar date in a name, its parts joined by one separator or none: "20170822_",
# "-2018-07-31", "/2018/07/31/"; not within a longer run of digits or letters ("120170822").
_NAME_DATE = re.compile(
    r"(?<![0-9A-Za-z])(?P<y>(?:19|20)\d\d)(?P<sep>[-_/.]?)(?P<m>\d\d)(?P=sep)(?P<d>\d\d)"
    r"(?![0-9A-Za-z])"
)


def name_date(name: str | None) -> Date | None:
    """The first calendar date written in a document's name, or None ("2018-02-30" is none).

    Args:
        name: a document id, file name or URL path.
    """
    for m in _NAME_DATE.finditer(name or ""):
        try:
            return Date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            continue
    return None


_MONTH = r"(?:" + "|".join(MONTHS + [m[:3] for m in MONTHS] + ["sept"]) + r")\b\.?"
# A date written in text: "2015-06-02", "June 2, 2015", "2 June 2015", "June 2015".
WRITTEN_DATE = re.compile(
    rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}\b"
    rf"|\b\d{{1,2}} {_MONTH} \d{{4}}\b|\b{_MONTH},? \d{{4}}\b",
    re.IGNORECASE,
)

__all__ = ["MONTHS", "WRITTEN_DATE", "find_date", "name_date", "normalise_date"]
