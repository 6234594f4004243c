"""publisher check: validate records and their catalogs."""

from __future__ import annotations

from pathlib import Path

import click

from ..problems import InputError
from .report import fail, report_unreviewed
from .selection import default_records, load_releases


@click.command()
@click.argument('records', nargs=-1, type=click.Path(path_type=Path))
def check(records):
    """Validate RECORDS (files, or folders of .yaml records; by default every release.yaml of the
    workspace) and their catalogs.

    Prints every problem as FILE:LINE: FIELD: MESSAGE and exits 1 if there is
    any; tells how many strings are not yet translated in each language.

    \b
    Example:
      publisher check samples/mois-asean-corps-2019
    """
    from .. import build
    from ..proofreading import corrections
    from ..style import load_style

    releases, problems = load_releases(records or default_records(), keep_going=True)
    for release in releases:
        for language in release.languages:
            try:
                report_unreviewed(release, language, *build.unreviewed_strings(release, language))
                notes, unknown = corrections(release, language)
                for note in notes:
                    click.echo(f'{note} (corrected when rendering)')
                problems += unknown
            except InputError as error:
                problems += error.problems
        try:
            load_style(release.workspace.root)
            problems += glossary_problems(release)
            problems += build.glyph_problems(release, release.languages)
        except InputError as error:
            problems += error.problems
    if problems:
        # A catalog is read for several checks, and a template catalog for every release.
        fail(InputError(list(dict.fromkeys(problems))))
    for release in releases:
        click.echo(f'{release.source}: ok ({release.id}, {", ".join(release.languages)})')


def glossary_problems(release, languages=None):
    """Reviewed translations that write an official term otherwise than the glossary."""
    from ..catalogs import read_catalog
    from ..drafts.glossary import load_glossary

    glossary = load_glossary(release.workspace.root)
    problems = []
    for language in languages or release.languages:
        if language != release.source_language:
            catalog = read_catalog(release.workspace.catalog(language, release.id))
            for entry in catalog.entries.values():
                problems += glossary.check(entry, release.source_language, language, catalog.path)
    return problems
