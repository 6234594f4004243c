"""publisher status: how far the translation of each release has come."""

from __future__ import annotations

from pathlib import Path

import click

from ..problems import InputError, shown
from .report import VERBOSE, fail, print_table, progress_by_release
from .selection import default_records, load_releases


@click.command()
@click.argument('records', nargs=-1, type=click.Path(path_type=Path))
@click.option('--json', 'as_json', is_flag=True, help='Print JSON, for scripts and CI.')
@click.option('--fail-under', type=click.FloatRange(0, 100), metavar='PCT',
              help='Exit 1 if any catalog is less than PCT percent translated.')
@click.option('-v', '--verbose', is_flag=True, help=VERBOSE)
def status(records, as_json, fail_under, verbose):
    """How far the translation of RECORDS has come, per release and language.

    Counts, for each catalog, the strings translated (reviewed), fuzzy (to
    review), untranslated, and the obsolete entries kept for reference.
    Without RECORDS, every release folder (with a release.yaml) of the
    current workspace.

    \b
    Examples:
      publisher status samples/*
      publisher status samples/* --json --fail-under 100
    """
    import json

    from ..catalogs.extract import catalog_files

    rows, problems, glossaries, misnamed = [], [], {}, []
    files = catalog_files(load_releases(records or default_records()))
    with progress_by_release('Counting', files, verbose) as counted:
        for file in files:
            try:
                row, terms = _status_row(file, glossaries)
                rows.append(row)
                misnamed += terms
            except InputError as error:
                problems += error.problems
            counted(file)
    for problem in misnamed:  # after the progress bar, not through it
        click.echo(str(problem), err=True)
    if problems:
        fail(InputError(problems))
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        print_table(rows)
    below = [row for row in rows if fail_under is not None and row['percent'] < fail_under]
    if below:
        for row in below:
            click.echo(f"{shown(row['catalog'])}: {row['percent']}% translated, under {fail_under}%", err=True)
        raise SystemExit(1)


def _status_row(file, glossaries: dict):
    """The counts of a catalog (catalogs/extract.py: CatalogFile), and its translations that write an official term
    otherwise than the glossary of its workspace (read once into ``glossaries``)."""
    from ..catalogs import count, read_catalog
    from ..drafts.glossary import load_glossary

    catalog = read_catalog(file.path, file.domain.style)
    glossary = glossaries.get(file.release.workspace) or glossaries.setdefault(
        file.release.workspace, load_glossary(file.release.workspace.root))
    counts = count(catalog.po, [entry.key for entry in file.domain.template])
    terms = [] if file.domain.name != file.release.id else [
        problem for entry in catalog.entries.values()
        for problem in glossary.check(entry, file.release.source_language, file.language, file.path)]
    return {'release': file.release.id, 'domain': file.domain.name, 'language': file.language,
            'catalog': shown(file.path), 'translated': counts.translated, 'fuzzy': counts.fuzzy,
            'untranslated': counts.untranslated, 'obsolete': counts.obsolete, 'glossary': len(terms),
            'percent': round(counts.percent, 1)}, terms
