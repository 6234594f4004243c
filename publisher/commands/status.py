"""publisher status: where each release stands (publishing/state.py), and how far each catalog has come."""

from __future__ import annotations

import hashlib
from pathlib import Path

import click

from ..problems import InputError, shown
from ..workspace import GLOSSARY, LOCALES, TEMPLATE_DOMAIN
from .report import VERBOSE, fail, print_table
from .selection import check_moment, default_records, load_summaries


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

    from ..catalogs.progress import catalog_paths
    from ..progress import progress

    rows, problems, misnamed, unreviewed, glossaries = {}, [], [], {}, {}
    releases = load_summaries(records or default_records())
    with progress('Counting', len(releases), verbose=verbose) as counted:
        for release in releases:
            to_review = unreviewed.setdefault(release.source, {language: 0 for language in release.languages})
            for language, domain, path, style in catalog_paths(release, release.languages):
                try:
                    if path not in rows:
                        rows[path], terms = _status_row(release, language, domain, path, style, glossaries)
                        misnamed += terms
                    to_review[language] += rows[path]['fuzzy'] + rows[path]['untranslated']
                except InputError as error:
                    problems += error.problems
            counted.done(shown(release.source))
    for problem in misnamed:  # after the progress bar, not through it
        click.echo(str(problem), err=True)
    if problems:
        fail(InputError(list(dict.fromkeys(problems))))
    rows = list(rows.values())
    states = release_states(releases, unreviewed, out, now)
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


def _status_row(release, language, domain, path, style, glossaries: dict):
    """The counts of a catalog (see catalogs/progress.py), and its translations that write an official term
    otherwise than the glossary of its workspace (read at most once, into ``glossaries``).

    What counting a catalog gives depends only on its bytes, the strings it
    is counted against and the glossary's bytes: it is kept (kept.py), in
    plain values, and read back while they stay the same, so that a catalog
    is parsed and checked again only when one of them changed, and reading
    the counts back needs neither the catalogs' code nor the record's.
    """
    from ..catalogs import BRACE
    from ..kept import kept

    catalog, glossary = _digest(path), _digest(release.workspace.root / GLOSSARY)
    strings = release.strings_digest if style == BRACE else _digest(TEMPLATE_STRINGS)
    checks_terms = domain == release.id  # the glossary is for a release's own strings, not the templates'
    made_from = [str(path), catalog, style, strings, glossary, release.source_language, language,
                 str(checks_terms)]
    (translated, fuzzy, untranslated, obsolete, percent), terms = kept(
        'counts', made_from, _COUNTERS,
        lambda: _counted(release, language, domain, path, style, glossaries, checks_terms))
    return {'release': release.id, 'domain': domain, 'language': language,
            'catalog': shown(path), 'translated': translated, 'fuzzy': fuzzy,
            'untranslated': untranslated, 'obsolete': obsolete, 'glossary': len(terms),
            'percent': percent}, terms


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return 'absent'


def _counted(release, language, domain, path, style, glossaries, checks_terms):
    """A catalog read, checked and counted against the strings it is rendered with; its translations checked
    against the glossary of the release's workspace."""
    from ..catalogs import BRACE, read_catalog
    from ..catalogs.extract import templates_template
    from ..catalogs.progress import catalog_progress
    from ..drafts.glossary import load_glossary

    strings = release.strings if style == BRACE else {entry.key: entry.msgid for entry in templates_template()}
    counts = catalog_progress(domain, language, path, style, strings).counts
    terms = []
    if checks_terms:
        root = release.workspace.root
        glossary = glossaries.get(root) or glossaries.setdefault(root, load_glossary(root))
        terms = [problem for entry in read_catalog(path, style).entries.values()
                 for problem in glossary.check(entry, release.source_language, language, path)]
    return (counts.translated, counts.fuzzy, counts.untranslated, counts.obsolete, round(counts.percent, 1)), terms


#: The strings of the templates, as templates_template reads them.
TEMPLATE_STRINGS = LOCALES / f'{TEMPLATE_DOMAIN}.pot'
#: The code that decides what counting a catalog gives.
_COUNTERS = (Path(__file__), *sorted((Path(__file__).parent.parent / 'catalogs').glob('*.py')), *(
    Path(__file__).parent.parent / name for name in ('drafts/glossary.py', 'characters.py', 'problems.py',
                                                     'record/fields.py')))


def release_states(releases, unreviewed, out: Path, now):
    """The state of each release (see publishing/state.py), what goes out next first; ``unreviewed`` counts its
    strings not yet reviewed, by record and language."""
    from ..publishing import history, state

    return state.in_order([
        state.release_state(release, unreviewed[release.source], history.read(out / release.id, release.id), now,
                            state.last_change(state.record_files(release)))
        for release in releases])


def print_release_table(states):
    from ..publishing.state import table_row

    headers = ('release', 'state', 'embargo', 'distributed', 'last change', 'languages')
    table = [table_row(state) for state in states]
    widths = [max(len(cell) for cell in column) for column in zip(headers, *table)]
    for line in [headers, *table]:
        click.echo('  '.join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
