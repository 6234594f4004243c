"""publisher diff: what changed in each language of a release since it was last published."""

from __future__ import annotations

from pathlib import Path

import click

from ..problems import InputError, shown
from .report import fail
from .selection import check_languages, default_records, load_releases

_COLOURS = {'-': dict(fg='red', strikethrough=True), '+': dict(fg='green', underline=True)}
#: Off a terminal, or with NO_COLOR: words removed and added marked as ``git diff --word-diff=plain`` marks them.
_MARKS = {'-': ('[-', '-]'), '+': ('{+', '+}')}


def _coloured(text: str, operation: str) -> str:
    """A run of words as a terminal shows it: removed in red, struck out; added in green, underlined."""
    return click.style(text, **_COLOURS.get(operation, {}))


def _marked(text: str, operation: str) -> str:
    """A run of words between marks, where colours do not reach; its trailing space left outside them."""
    if operation not in _MARKS:
        return text
    opening, closing = _MARKS[operation]
    core = text.rstrip()
    return f'{opening}{core}{closing}{text[len(core):]}' if core else text


def _styling():
    """How runs of words are shown here: coloured on a terminal, unless NO_COLOR is set; marked otherwise."""
    import os
    import sys

    return _coloured if sys.stdout.isatty() and not os.environ.get('NO_COLOR') else _marked


@click.command()
@click.argument('records', nargs=-1, type=click.Path(path_type=Path))
@click.option('-l', '--locale', 'languages', multiple=True, metavar='LANG', callback=check_languages,
              help='A language to compare. Repeatable; default: every language of the release.')
@click.option('-o', '--out', type=click.Path(file_okay=False, path_type=Path), default=Path('dist'),
              show_default=True, help='The output folder the releases were published into.')
@click.option('--html', 'report', type=click.Path(dir_okay=False, path_type=Path), metavar='FILE',
              help='Also write the comparison as an HTML page, for the web team.')
def diff(records, languages, out, report):
    """What changed in RECORDS since they were last published, per language, word by word.

    Compares the text as published (kept in OUT/<id>/ by render) with the
    text the record and its catalogs give now: titles, prose, captions,
    quotes and facts, as a reader reads them. Words removed are shown struck
    out in red, words added in green; a line removed is all red. Off a
    terminal (or with NO_COLOR set), removed words are marked [-so-] and
    added ones {+so+}.  Without
    RECORDS, every release folder (with a release.yaml) of the current
    workspace; a release not published yet is named, with nothing to compare.

    \b
    Examples:
      publisher diff
      publisher diff samples/mois-asean-corps-2019
      publisher diff samples/* -l en --html changes.html
    """
    from ..atomic import write_atomic
    from ..localise import localise
    from ..publishing import history as histories
    from ..publishing.diff import as_html, as_terminal, changes

    pages, problems, style = [], [], _styling()
    for release in load_releases(records or default_records()):
        kept = histories.read(out / release.id, release.id)
        if not kept.version:
            click.echo(f'{shown(release.source)}: not published in {shown(out)} yet: nothing to compare', err=True)
            continue
        found = {}
        for language in languages or release.languages:
            if language not in release.languages:
                continue
            try:
                found[language] = changes(kept.text.get(language, []),
                                          histories.published_text(localise(release, language)))
            except InputError as error:
                problems += error.problems
        click.echo(f'{release.id} (published {kept.published}, version {kept.version}):')
        for line in as_terminal(found, style):
            click.echo(line)
        pages.append(as_html(release.id, found, kept.published))
    if problems:
        fail(InputError(problems))
    if report and pages:
        try:
            write_atomic(report, _joined(pages).encode())
        except OSError as error:
            raise click.ClickException(f'cannot write {shown(report)}: {error.strerror}') from None
        click.echo(f'{shown(report)}: written')


def _joined(pages: list[str]) -> str:
    """One page of several releases' comparisons: the first page, with the others' sections added."""
    if len(pages) == 1:
        return pages[0]
    bodies = [page[page.index('<h1>'):page.index('</body>')] for page in pages[1:]]
    return pages[0].replace('</body>', ''.join(bodies) + '</body>')
