"""The clock of a render, the embargo, and the moments of a release.

A render happens *as of* a moment (``--now``; the clock by default).  A
release whose embargo (or, without one, distribution time) is after that
moment is held back: its pages are not
indexed and say so, and no feed, sitemap or index lists it.  Its outputs
then depend on the clock, so the manifest remembers when they go stale
(``stale_after``) and the first render after the embargo renders them again.

Moments are written in UTC (RFC 3339, ``2026-12-04T03:00:00Z``), the form
Atom and sitemaps take, and never invented from a day alone.
"""

from __future__ import annotations

from datetime import datetime, timezone


def now() -> datetime:
    """The moment of the clock, in UTC, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0)


def parse_moment(text: str) -> datetime:
    """An aware moment from ISO 8601 text (``2026-12-04T12:00+09:00``, ``…Z``); ValueError otherwise."""
    moment = datetime.fromisoformat(text.strip().replace('z', 'Z'))
    if moment.tzinfo is None:
        raise ValueError(f"'{text}' has no UTC offset: write it as 2026-12-04T12:00+09:00 or 2026-12-04T03:00Z")
    return moment


def utc(moment: datetime) -> str:
    """``moment`` in UTC as RFC 3339 writes it: ``2026-12-04T03:00:00Z``."""
    return moment.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def goes_out(release) -> datetime | None:
    """The moment a release may be published: its embargo, else its distribution time, if the record gives one."""
    return release.embargo or getattr(release, 'distributed', None)


def held_by(release) -> str:
    """What holds ``release`` back until it goes out (see goes_out): ``embargo``, or ``distribution``."""
    return 'embargo' if release.embargo else 'distribution'


def held_until(release, moment: datetime) -> datetime | None:
    """The moment ``release`` may go out (see goes_out) if it is still ahead at ``moment``; else None.

    Without an embargo, a release may be reported once it is distributed, never before: a release
    prepared the day before its distribution is held back as one under embargo is."""
    out = goes_out(release)
    return out if out is not None and moment < out else None
