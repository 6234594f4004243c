"""How far a long command has come, told on stderr: a bar on a terminal, a line per item elsewhere.

A command prints its result (a table, JSON, a line per file) on stdout;
progress never goes there, so the result reads and parses the same however
the command is run.  On an interactive terminal a bar shows the work done,
the total and the time left.  Elsewhere (a log, CI) each item done gets a
line of its own, ``Updating 3/200: samples/x/release.yaml``, so that a log
stays readable and shows where a long run is; with ``verbose`` these lines
are shown on a terminal too, instead of the bar, each with the time its item
took.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager

import click


@contextmanager
def progress(label: str, total: int, *, verbose: bool = False, lines: bool = True):
    """A Progress of ``total`` units of work, named ``label`` (``Updating``), shown until the block ends.

    Without ``lines``, a run that is not interactive shows nothing: for a
    command whose result is a line per item already.  A bar for a single
    item would tell nothing, and is not drawn.
    """
    if sys.stderr.isatty() and not verbose:
        if total <= 1:
            yield Progress(label, total)
            return
        with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True, show_percent=True,
                               show_eta=True, item_show_func=lambda name: name) as bar:
            yield Progress(label, total, bar=bar)
    else:
        yield Progress(label, total, lines=lines, verbose=verbose)


class Progress:
    """Work done so far, in units (releases, strings), and the items finished."""

    def __init__(self, label: str, total: int, *, bar=None, lines: bool = False, verbose: bool = False):
        self.label, self.total, self.done_units = label, total, 0
        self._bar, self._lines, self._verbose = bar, lines, verbose
        self._since = time.perf_counter()

    def advance(self, units: int = 1, name: str | None = None):
        """``units`` more of the item ``name`` are done: the bar moves, and shows the name."""
        self.done_units += units
        if self._bar is not None:
            self._bar.update(units, name)

    def done(self, name: str, units: int = 1):
        """The item ``name`` is finished, and with it ``units`` more: the bar shows its name, or a line tells."""
        self.advance(units, name)
        now = time.perf_counter()
        if self._lines:
            click.echo(f'{self.label} {self.done_units}/{self.total}: {name}'
                       + (f' ({_duration(now - self._since)})' if self._verbose else ''), err=True)
        self._since = now

    def echo(self, message: str):
        """``message`` on stderr, on a line of its own even while the bar is drawn (it is drawn again next)."""
        if self._bar is not None:
            click.echo('\r\033[K', nl=False, err=True)
        click.echo(message, err=True)


def _duration(seconds: float) -> str:
    return f'{seconds * 1000:.0f} ms' if seconds < 1 else f'{seconds:.2f} s'
