"""Which records and languages a command line means."""

from __future__ import annotations

from pathlib import Path

import click

from ..problems import InputError, shown
from .report import fail


def check_languages(context, parameter, values):
    """Check language codes as the record does: ko, en, ja."""
    import re

    from babel import localedata
    for value in (values if isinstance(values, tuple) else (values,)):
        if value is not None and (not re.fullmatch(r'[a-z]{2,3}', value) or not localedata.exists(value)):
            raise click.BadParameter(f"'{value}' is not a language code such as en or ko")
    return values


def default_records():
    """Every release folder (one with a release.yaml) of the current workspace."""
    from ..workspace import Workspace

    root = Workspace.of_folder(Path.cwd()).root
    found = sorted(path.parent for path in root.rglob('release.yaml')
                   if not any(part.startswith('.') or part in ('dist', 'locales') for part in path.relative_to(root).parts))
    if not found:
        raise click.UsageError(f'no records given, and no release.yaml under {root}')
    return found


def target_language(releases, language):
    """``language``, or the one language ``releases`` are translated into when none is given."""
    if language:
        return language
    targets = sorted({code for release in releases for code in release.languages if code != release.source_language})
    if len(targets) != 1:
        raise click.UsageError(f"give the language with -l: these records are translated into {', '.join(targets)}"
                               if targets else 'these records are translated into no other language')
    return targets[0]


def load_releases(records, keep_going=False):
    """The releases of ``records``; stops on a problem, unless ``keep_going``: then (releases, problems)."""
    from ..record import load_record

    return _loaded(records, load_record, keep_going)


def load_summaries(records):
    """What ``status`` shows of the releases of ``records`` (see publishing/summary.py); stops on a problem."""
    from ..publishing.summary import release_summary

    return _loaded(records, release_summary, keep_going=False)


def _loaded(records, read, keep_going):
    """What ``read`` gives of each record file of ``records``, and the problems of those that have one."""
    from ..workspace import record_files

    problems, releases = [], []
    files = record_files(records)
    if not files:
        raise click.UsageError('no record files found in ' + ', '.join(map(str, records)))
    for path in files:
        try:
            releases.append(read(path))
        except InputError as error:
            problems += error.problems
    problems += _shared_ids(releases)
    if keep_going:
        return releases, problems
    if problems:
        fail(InputError(problems))
    return releases


def _shared_ids(releases):
    """Two records with one id would share catalogs and outputs: the second would overwrite the first.

    The first is the record the workspace's catalog template was extracted
    from (its first reference), else the first named; every other record
    with its id is a problem.
    """
    from ..problems import Problem

    named = {release.source.resolve(): release for release in releases}
    groups = {}
    for path, release in named.items():
        groups.setdefault(release.id, []).append(path)
    problems = []
    for release_id, paths in groups.items():
        extracted = _extracted_from(named[paths[0]].workspace, release_id)
        first = extracted if extracted and _is_record_of(extracted, release_id, named) else paths[0]
        problems += [Problem(named[path].source, named[path].line_of('id'), 'id', (
                         f"'{release_id}' is also the id of {shown(first)}; give each release its own id "
                         '(its catalogs and outputs are named after it)'))
                     for path in paths if path != first]
    return problems


def _extracted_from(workspace, release_id):
    """The record that the workspace's template for ``release_id`` was extracted from, by its first reference."""
    import re

    template = workspace.locales / f'{release_id}.pot'
    try:
        with open(template, encoding='utf-8') as file:
            head = file.read(8192)
    except OSError:
        return None
    reference = re.search(r'^#: (.+?):\d+', head, re.M)
    return (workspace.root / reference[1]).resolve() if reference else None


def _is_record_of(path, release_id, named) -> bool:
    import re

    if path in named:
        return named[path].id == release_id
    try:
        return bool(re.search(rf'^id:\s*{re.escape(release_id)}\s*$', path.read_text(encoding='utf-8'), re.M))
    except OSError:
        return False


def languages_of(release, languages):
    """Problems with translating ``release`` into ``languages``; a note for its source language."""
    from ..problems import Problem

    problems = []
    for language in languages:
        if language == release.source_language:
            click.echo(f'{shown(release.source)}: {language} is the language the release is written in; '
                       'it has no catalog', err=True)
        elif language not in release.languages:
            problems.append(Problem(release.source, release.line_of('languages'), 'languages',
                                    f"cannot translate into '{language}': the release is in "
                                    f"{', '.join(release.languages)}; add it to languages first"))
    return problems


def check_moment(context, parameter, value):
    """A moment with its UTC offset (2026-12-04T12:00+09:00); the clock's moment when not given."""
    from ..publishing.moments import now, parse_moment

    if value is None:
        return now()
    try:
        return parse_moment(value)
    except ValueError as error:
        raise click.BadParameter(str(error) if 'UTC offset' in str(error) else
                                 f"'{value}' is not a moment such as 2026-12-04T12:00+09:00") from None
