"""Where a release stands, from its record, its catalogs, the clock and what its output folder has published.

=============  ================================================================
state          when
=============  ================================================================
``draft``      a language it is published in has strings not yet reviewed
``embargoed``  reviewed, and its embargo (else its distribution) is still ahead
``ready``      reviewed, free to go out, and not yet published in the folder
``published``  published in the output folder
``corrected``  published, and its record lists corrections
=============  ================================================================

Releases are listed so that what goes out next comes first: those not yet
out by the moment they may go out (the embargo or distribution time; a
release ready now, or a correction not yet published, at once), then those
out, the latest first.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import moments
from .history import History

STATES = ('draft', 'embargoed', 'ready', 'published', 'corrected')
#: The states of a release that has not gone out yet.
NOT_OUT = STATES[:3]


@dataclass(frozen=True)
class ReleaseState:
    """One release's state, and what a press officer needs to see beside it."""

    release: object  # publishing.summary.ReleaseSummary
    state: str
    unreviewed: dict[str, int]  # strings not reviewed, by language (only those with some)
    published: str | None       # the moment it went out, from its output folder
    version: int                # the version published; 0 if none
    last_change: datetime       # the latest modification of its record and catalogs
    now: datetime

    @property
    def goes_out(self) -> datetime | None:
        return moments.goes_out(self.release)

    @property
    def correction_waiting(self) -> bool:
        """Whether its record holds a correction its output folder has not published yet."""
        return self.state == 'corrected' and self.version < 1 + self.release.corrections

    def as_json(self) -> dict:
        """The state as ``status --json`` gives it (see publisher/status.schema.json)."""
        release = self.release
        return {
            'release': release.id,
            'record': str(release.source),
            'state': self.state,
            'languages': list(release.languages),
            'unreviewed': self.unreviewed,
            'embargo': _moment(release.embargo),
            'distributed': _moment(release.distributed),
            'published': self.published,
            'version': self.version,
            'corrections': release.corrections,
            'last_change': moments.utc(self.last_change),
        }


def _moment(moment: datetime | None) -> dict | None:
    """A moment both as the issuer wrote it (their zone) and in UTC."""
    return None if moment is None else {'local': moment.isoformat(), 'utc': moments.utc(moment)}


def release_state(release, unreviewed: dict[str, int], history: History, now: datetime,
                  last_change: datetime) -> ReleaseState:
    """The state of ``release`` at ``now``, given its strings not yet reviewed and its output folder's history."""
    unreviewed = {language: count for language, count in unreviewed.items() if count}
    if unreviewed:
        state = 'draft'
    elif moments.held_until(release, now):
        state = 'embargoed'
    elif history.version:
        state = 'corrected' if release.corrections else 'published'
    else:
        state = 'ready'
    return ReleaseState(release, state, unreviewed, history.published, history.version, last_change, now)


def last_change(paths) -> datetime:
    """The latest modification time of the files of ``paths`` that exist, in UTC."""
    times = []
    for path in paths:
        try:
            times.append(os.stat(path).st_mtime)
        except OSError:
            pass
    return datetime.fromtimestamp(max(times, default=0), timezone.utc).replace(microsecond=0)


def in_order(states: list[ReleaseState]) -> list[ReleaseState]:
    """What goes out next first: releases not yet out by the moment they may go out, then the rest, latest first."""
    # Partitioned by state, not by membership: comparing states compares their records, field by field.
    waiting = [state for state in states if state.state in NOT_OUT or state.correction_waiting]
    out = [state for state in states if not (state.state in NOT_OUT or state.correction_waiting)]
    # A correction goes out as soon as it is rendered: its release's embargo is long past.
    waiting.sort(key=lambda state: (state.now if state.correction_waiting else state.goes_out or state.now,
                                    state.release.id))
    out.sort(key=lambda state: (state.published or '', state.release.id), reverse=True)
    return waiting + out


def describe(state: ReleaseState) -> str:
    """The state as the status table shows it: ``embargoed until 2099-01-01 12:00 +09:00 (03:00 UTC)``."""
    if state.state == 'draft':
        return 'draft (' + ', '.join(f'{language}: {count}' for language, count in state.unreviewed.items()) + ')'
    if state.state == 'embargoed':
        return f'embargoed until {_local(state.goes_out)} ({_utc(state.goes_out)})'
    if state.state == 'corrected':
        count = state.release.corrections
        waiting = f'; version {count + 1} not published yet' if state.correction_waiting else ''
        return f'corrected ({count} correction{"s" if count > 1 else ""}; version {state.version} published{waiting})'
    if state.state == 'published':
        return f'published {state.published.replace("T", " ").removesuffix("Z")} UTC'
    return 'ready'


def _local(moment: datetime) -> str:
    return moment.strftime('%Y-%m-%d %H:%M ') + moment.strftime('%z')[:3] + ':' + moment.strftime('%z')[3:]


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')


def table_row(state: ReleaseState) -> list[str]:
    """The cells of a release in the status table."""
    release = state.release
    distributed = release.distributed
    return [release.id, describe(state), _local(release.embargo) if release.embargo else '-',
            _local(distributed) if distributed else '-', state.last_change.strftime('%Y-%m-%d %H:%M UTC'),
            ', '.join(release.languages)]


def record_files(release) -> list[Path]:
    """The files whose change is a change of the release: its record and its catalogs."""
    workspace = release.workspace
    paths = [release.source]
    for language in release.languages:
        paths += [workspace.catalog(language, release.id), workspace.template_catalog(language)]
    return paths
