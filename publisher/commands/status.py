"""publisher status: where each release stands (publishing/state.py), and how far each catalog has come."""

from __future__ import annotations

import hashlib
from pathlib import Path

import click

from ..problems import InputError, shown
from .report import VERBOSE, fail, print_table, progress_by_release
from .selection import check_moment, default_records, load_releases


@click.command()
@click.argument('records', nargs=-1, type=click.Path(path_type=Path))
@click.option('--json', 'as_json', is_flag=True, help='Print JSON, for scripts and CI.')
@click.option('--fail-under', type=click.FloatRange(0, 100), metavar='PCT',
              help='Exit 1 if any catalog is less than PCT percent translated.')
@click.option('-o', '--out', type=click.Path(file_okay=False, path_type=Path), default=Path('dist'),
              show_default=True, help='The output folder the releases are published from.')
@click.option('--now', callback=check_moment, metavar='TIME',
              help='The state as of this moment (2026-12-04T12:00+09:00) instead of now.')
@click.option('-v', '--verbose', is_flag=True, help=VERBOSE)
def status(records, as_json, fail_under, out, now, verbose):
    """Where each of RECORDS stands, and how far its translation has come.

    First a line per release: its state (draft, with the languages not yet
    reviewed; embargoed until a time, in the issuer's zone and in UTC;
    ready; published; corrected), its embargo and distribution times, the
    last change of its record or catalogs, and its languages; what goes out
    next comes first.  Then, for each catalog, the strings translated
    (reviewed), fuzzy (to review), untranslated, and the obsolete entries
    kept for reference.  Without RECORDS, every release folder (with a
    release.yaml) of the current workspace.

    \b
    Examples:
      publisher status samples/*
      publisher status samples/* --json --fail-under 100
      publisher status samples/* --now 2026-12-05T09:00+09:00
    """
    import json

    from ..catalogs.extract import catalog_files

    rows, problems, glossaries, misnamed = [], [], {}, []
    releases = load_releases(records or default_records())
    files = catalog_files(releases, notes=False)
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
    states = release_states(releases, rows, out, now)
    if as_json:
        click.echo(json.dumps({'releases': [state.as_json() for state in states], 'catalogs': rows},
                              indent=2, ensure_ascii=False))
    else:
        print_release_table(states)
        click.echo()
        print_table(rows)
    below = [row for row in rows if fail_under is not None and row['percent'] < fail_under]
    if below:
        for row in below:
            click.echo(f"{shown(row['catalog'])}: {row['percent']}% translated, under {fail_under}%", err=True)
        raise SystemExit(1)


def _status_row(file, glossaries: dict):
    """The counts of a catalog (catalogs/extract.py: CatalogFile), and its translations that write an official term
    otherwise than the glossary of its workspace (read once into ``glossaries``).

    What counting a catalog gives depends only on its bytes, its record's
    strings and the glossary: it is kept (kept.py) and read back while they
    stay the same, so that a catalog is parsed and checked again only when
    it changed.
    """
    from ..drafts.glossary import load_glossary
    from ..kept import kept

    glossary = glossaries.get(file.release.workspace) or glossaries.setdefault(
        file.release.workspace, load_glossary(file.release.workspace.root))
    keys = [entry.key for entry in file.domain.template]
    try:
        catalog = hashlib.sha256(file.path.read_bytes()).hexdigest()
    except OSError:
        catalog = 'absent'
    counts, terms = kept('counts', [str(file.path.resolve()), catalog, file.domain.style, repr(keys), repr(glossary),
                                    file.release.source_language, file.language, str(_checks_terms(file))],
                         _COUNTERS, lambda: _counted(file, keys, glossary))
    return {'release': file.release.id, 'domain': file.domain.name, 'language': file.language,
            'catalog': shown(file.path), 'translated': counts.translated, 'fuzzy': counts.fuzzy,
            'untranslated': counts.untranslated, 'obsolete': counts.obsolete, 'glossary': len(terms),
            'percent': round(counts.percent, 1)}, terms


def _counted(file, keys, glossary):
    """A catalog read and checked, counted against ``keys``, and its translations checked against ``glossary``."""
    from ..catalogs import count, read_catalog

    catalog = read_catalog(file.path, file.domain.style)
    terms = [problem for entry in catalog.entries.values()
             for problem in glossary.check(entry, file.release.source_language, file.language, file.path)
             ] if _checks_terms(file) else []
    return count(catalog.po, keys), terms


def _checks_terms(file) -> bool:
    """The glossary is for a release's own strings, not the templates'."""
    return file.domain.name == file.release.id


#: The code that decides what counting a catalog gives.
_COUNTERS = (Path(__file__), *sorted((Path(__file__).parent.parent / 'catalogs').glob('*.py')), *(
    Path(__file__).parent.parent / name for name in ('drafts/glossary.py', 'characters.py', 'problems.py',
                                                     'record/fields.py')))


def release_states(releases, rows, out: Path, now):
    """The state of each release (see publishing/state.py), what goes out next first; ``rows`` are its
    catalogs' counts, which say what is not yet reviewed."""
    from ..publishing import history, state
    from ..workspace import TEMPLATE_DOMAIN

    to_review = {}  # by domain and language: a release's catalogs found without going through every row
    for row in rows:
        to_review[row['domain'], row['language']] = row['fuzzy'] + row['untranslated']

    def unreviewed(release):
        """Strings not reviewed by language: in the release's catalogs and in the template catalogs it uses."""
        return {language: sum(to_review.get((domain, language), 0) for domain in (release.id, TEMPLATE_DOMAIN))
                for language in release.languages}

    return state.in_order([
        state.release_state(release, unreviewed(release), history.read(out / release.id, release.id), now,
                            state.last_change(state.record_files(release)))
        for release in releases])


def print_release_table(states):
    from ..publishing.state import table_row

    headers = ('release', 'state', 'embargo', 'distributed', 'last change', 'languages')
    table = [table_row(state) for state in states]
    widths = [max(len(cell) for cell in column) for column in zip(headers, *table)]
    for line in [headers, *table]:
        click.echo('  '.join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
