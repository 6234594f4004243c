"""publisher extract, update and compile: the catalogs translators work in."""

from __future__ import annotations

from pathlib import Path

import click

from ..problems import InputError, shown
from .report import VERBOSE, fail, progress_by_release
from .selection import check_languages, default_records, languages_of, load_releases


@click.command()
@click.argument('records', nargs=-1, type=click.Path(path_type=Path))
def extract(records):
    """Write the catalog templates (.pot) of RECORDS and of the page templates.

    Each goes to locales/<id>.pot, the template strings to locales/publisher.pot.
    A template is rewritten only when its strings changed.  Without RECORDS,
    every release folder (with a release.yaml) of the current workspace.

    \b
    Examples:
      publisher extract samples/*
      publisher extract
    """
    from ..catalogs.extract import write_templates

    try:
        templates = written_templates(load_releases(records or default_records()), write_templates)
    except InputError as error:
        fail(error)
    echo_templates(templates)


def written_templates(releases, write) -> dict[Path, tuple[bool, int]]:
    """What ``write`` did for each ``.pot`` of ``releases``: whether it was written (for any release),
    and how many strings it holds."""
    results = {}
    for release in releases:
        for path, (changed, count) in write(release).items():
            results[path] = (results.get(path, (False,))[0] or changed, count)
    return results


def echo_templates(templates) -> None:
    for path, (changed, count) in sorted(templates.items()):
        click.echo(f'{shown(path)}: {"written" if changed else "unchanged"}; {count} strings')


@click.command()
@click.argument('records', nargs=-1, type=click.Path(path_type=Path))
@click.option('-l', '--locale', 'languages', multiple=True, metavar='LANG', callback=check_languages,
              help='A language to update. Repeatable; default: every language of the record but its source.')
@click.option('--no-memory', is_flag=True,
              help='Do not pre-fill new strings from the translations of other catalogs.')
@click.option('-v', '--verbose', is_flag=True, help=VERBOSE)
def update(records, languages, no_memory, verbose):
    """Create or update the catalogs (.po) of RECORDS for their translators.

    Translations are kept; a string changed in the record keeps its old
    translation marked fuzzy, with the old text as "#| msgid"; a string gone
    from the record becomes obsolete ("#~"). A catalog that is up to date is
    not touched. New strings already translated in another catalog are
    pre-filled (fuzzy when only close), unless --no-memory.

    Each release's template (locales/<id>.pot), and the template strings'
    (locales/publisher.pot) where the workspace has one, are written again
    when their strings changed, so a translation platform sees what the
    catalogs hold.  Without RECORDS, every release folder (with a
    release.yaml) of the current workspace.

    \b
    Examples:
      publisher update samples/* -l ko -l en
      publisher update
    """
    from ..catalogs import count
    from ..catalogs.extract import catalog_files, refresh_templates
    from ..catalogs.merge import update_catalogs

    releases = load_releases(records or default_records())
    problems = [problem for release in releases for problem in languages_of(release, languages)]
    if problems:
        fail(InputError(problems))
    catalogs = catalog_files(releases, languages)
    try:
        with progress_by_release('Updating', catalogs, verbose) as merged:
            updates = update_catalogs(catalogs, memory=not no_memory, merged=merged)
        templates = written_templates(releases, refresh_templates)
    except InputError as error:
        fail(error)
    for update, catalog in zip(updates, catalogs):
        counts = count(update.po, [entry.key for entry in catalog.domain.template])
        state = 'created' if update.before is None else 'updated' if update.changed else 'unchanged'
        click.echo(f'{shown(update.path)}: {state}; {counts.translated} translated, {counts.fuzzy} fuzzy, '
                   f'{counts.untranslated} untranslated, {counts.obsolete} obsolete'
                   + ('; its byte-order mark removed, which GNU gettext refuses' if update.removed_mark else ''))
    echo_templates(templates)


@click.command(name='compile')
@click.argument('records', nargs=-1, type=click.Path(path_type=Path))
def compile_(records):
    """Compile the catalogs of RECORDS to .mo files, beside each .po.

    Fuzzy and untranslated entries are left out, as GNU msgfmt does.
    publisher render never reads .mo files: this is for other tools.  Without
    RECORDS, every release folder (with a release.yaml) of the current
    workspace.

    \b
    Examples:
      publisher compile samples/*
      publisher compile
    """
    from ..atomic import write_all
    from ..catalogs import mo_bytes, read_catalog
    from ..problems import Problem

    from ..catalogs.extract import catalog_files

    problems, compiled = [], {}
    for file in catalog_files(load_releases(records or default_records())):
        try:
            catalog = read_catalog(file.path, file.domain.style)
        except InputError as error:
            problems += error.problems
            continue
        if catalog.po is not None:
            compiled[file.path.with_suffix('.mo')] = mo_bytes(catalog.po)
    if problems:
        fail(InputError(problems))
    try:
        write_all(compiled)
    except OSError as error:
        fail(InputError([Problem(error.filename, None, '', f'cannot be written: {error.strerror}')]))
    for path in compiled:
        click.echo(shown(path))
