"""How the commands tell the user what they found and how far they are: problems as FILE:LINE: FIELD: MESSAGE."""

from __future__ import annotations

from contextlib import contextmanager

import click

from ..problems import InputError, shown

#: The help of -v/--verbose, for commands that show their progress by release.
VERBOSE = 'A line per release on stderr, with the time it took, instead of the progress bar.'


def strings(count):
    return f'{count} string{"" if count == 1 else "s"}'


@contextmanager
def progress_by_release(label: str, catalogs, verbose: bool):
    """Progress over the releases of ``catalogs`` (see progress.py): gives a ``done(catalog)``
    that tells of a release when the last of its catalogs is done."""
    from ..progress import progress

    last = {id(catalog.release): catalog for catalog in catalogs}
    with progress(label, len(last), verbose=verbose) as releases:
        def done(catalog):
            if last[id(catalog.release)] is catalog:
                releases.done(shown(catalog.release.source))
        yield done


def print_table(rows):
    headers = ('catalog', 'language', 'translated', 'fuzzy', 'untranslated', 'obsolete', 'glossary', 'percent')
    table = [[row['domain'], row['language'],
              *(str(row[key]) for key in headers[2:7]), f"{row['percent']:.1f}%"] for row in rows]
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *table)]
    for line in [headers, *table]:
        click.echo('  '.join(str(cell).ljust(width) if index < 2 else str(cell).rjust(width)
                             for index, (cell, width) in enumerate(zip(line, widths))))


def report_missing(release, localised):
    """Tell of the strings not reviewed in each language ``release`` was localised in, as check and status count
    them."""
    from ..build import unreviewed_strings

    for language in localised:
        report_unreviewed(release, language, *unreviewed_strings(release, language))


def report_unreviewed(release, language, untranslated, fuzzy):
    if untranslated or fuzzy:
        click.echo(f'{shown(release.source)}: {language}: {strings(len(untranslated) + len(fuzzy))} '
                   f'not reviewed ({len(untranslated)} untranslated, {len(fuzzy)} fuzzy); '
                   f'a draft shows them marked'
                   + (f', the untranslated in {release.source_language}' if untranslated else ''), err=True)


def fail(error: InputError):
    for problem in error.problems:
        click.echo(str(problem), err=True)
    count = len(error.problems)
    writing = click.get_current_context().command.name in ('render', 'update', 'translate', 'compile', 'extract', 'init')
    click.echo(f'{count} problem{"s" if count > 1 else ""} found{"; nothing was written" if writing else ""}.',
               err=True)
    raise SystemExit(1)
