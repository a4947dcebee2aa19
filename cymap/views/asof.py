"""As of when the statuses are: the app's headline line and the detail panel's evidence line.

A row's `status_date` is the date its status was last known true (issue 14); `evidence` is
the public report that says so: a title, then the URL (or a document number such as
渝府发〔2023〕8号 where nothing newer than the plan was found). Ledgers without the column
fall back to `updated`. Pure functions of a frame and a date, so the app, the CLI's
`stale` and the tests count the same way.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from cymap.views.i18n import t

URL_PATTERN = re.compile(r"https?://[^\s<>\"'，。；：、）]+")
YEAR_DAYS = 365


def parse_date(value) -> dt.date | None:
    """YYYY-MM-DD (or a date/timestamp) -> date; anything else -> None."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def date_column(frame: pd.DataFrame) -> str | None:
    """The column that dates a row's status: `status_date`, else `updated`, else none."""
    for column in ("status_date", "updated"):
        if column in frame.columns and frame[column].map(parse_date).notna().any():
            return column
    return None


def status_dates(frame: pd.DataFrame) -> pd.Series:
    """Each row's status date (None where the row has none)."""
    column = date_column(frame)
    if column is None:
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    return frame[column].map(parse_date)


def as_date(today: dt.date | str | None) -> dt.date:
    """`today` as a date (default: today in UTC); ValueError if it is not YYYY-MM-DD."""
    if today is None:
        return dt.datetime.now(dt.UTC).date()
    day = parse_date(today)
    if day is None:
        raise ValueError(f"not a date (YYYY-MM-DD): {today!r}")
    return day


@dataclass(frozen=True)
class AsOf:
    newest: dt.date | None  # the newest status date of the rows
    older_than_year: int    # rows whose status date is more than a year before `today`
    undated: int            # rows without any status date
    total: int
    today: dt.date

    @property
    def year_cutoff(self) -> dt.date:
        return self.today - dt.timedelta(days=YEAR_DAYS)


def as_of(frame: pd.DataFrame, today: dt.date | str | None = None) -> AsOf:
    day = as_date(today)
    dates = status_dates(frame)
    known = [d for d in dates if d is not None]
    cutoff = day - dt.timedelta(days=YEAR_DAYS)
    return AsOf(newest=max(known) if known else None, older_than_year=sum(d < cutoff for d in known),
                undated=len(dates) - len(known), total=len(frame), today=day)


def headline(frame: pd.DataFrame, lang: str = "zh", today: dt.date | str | None = None) -> str:
    """状态截至 2026-06-10；… 项状态早于一年前 / Statuses as of …; … rows older than a year."""
    info = as_of(frame, today)
    if info.newest is None:
        return t("asof_none", lang)
    text = t("asof_headline", lang).format(date=info.newest.isoformat(), older=info.older_than_year,
                                           total=info.total, cutoff=info.year_cutoff.isoformat())
    if info.undated:
        text += t("asof_undated", lang).format(count=info.undated)
    return text


def evidence_parts(evidence) -> tuple[str, str | None]:
    """`title … URL` -> (title without the URL, URL or None)."""
    text = "" if evidence is None or (not isinstance(evidence, str) and pd.isna(evidence)) else str(evidence)
    match = URL_PATTERN.search(text)
    if not match:
        return text.strip(), None
    url = match.group(0)
    # Trailing punctuation belongs to the sentence, and a ")" only to the URL if it opened one.
    while url and (url[-1] in ".,;:!?" or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    end = match.start() + len(url)
    title = (text[:match.start()] + text[end:]).strip(" \t—-:：;；")
    return title, url


def _inert(text: str) -> str:
    from cymap.views.edit_view import markdown_text

    return markdown_text(text)


def detail_markdown(row, lang: str = "zh") -> str:
    """The detail panel's line: status date and the evidence (a link where it has a URL).

    Ledger text is made inert; only an http(s) URL becomes a link, with ( ) and spaces escaped
    so it cannot close the Markdown link early."""
    get = row.get if hasattr(row, "get") else (lambda key, default=None: default)
    date = parse_date(get("status_date")) or parse_date(get("updated"))
    title, url = evidence_parts(get("evidence"))
    parts = [f"**{t('status_date', lang)}** {date.isoformat() if date else t('none', lang)}"]
    if title or url:
        label = _inert(title or url)
        if url:
            safe_url = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
            parts.append(f"**{t('evidence', lang)}** [{label}]({safe_url})")
        else:
            parts.append(f"**{t('evidence', lang)}** {label}")
    return "  \n".join(parts)
