"""The ``publisher`` command: each verb parses its arguments and calls one stage."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

import click

from .problems import InputError


@click.group(context_settings={'help_option_names': ['-h', '--help']})
@click.version_option(package_name='publisher')
def main():
    """Bilingual press releases from one canonical record.

    \b
    Example:
      publisher check samples/*
      publisher render samples/* --out dist
    """


@main.command()
@click.argument('records', nargs=-1, required=True, type=click.Path(path_type=Path))
def check(records):
    """Validate RECORDS (files, or folders of .yaml records) and their catalogs.

    Prints every problem as FILE:LINE: FIELD: MESSAGE and exits 1 if there is
    any; tells how many strings are not yet translated in each language.

    \b
    Example:
      publisher check samples/mois-asean-corps-2019
    """
    from . import build

    releases = _load(records)
    problems = []
    for release in releases:
        try:
            _report_missing(release, build.localise_all(release, build.choose_editions(release)))
        except InputError as error:
            problems += error.problems
    if problems:
        _fail(InputError(problems))
    for release in releases:
        click.echo(f'{release.source}: ok ({release.id}, {", ".join(release.languages)})')


@main.command()
@click.argument('records', nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option('-l', '--locale', 'locales', multiple=True, metavar='LANG[-LANG]',
              help='An edition to render: a language (ko) or languages together, in order (ko-en). '
                   'Repeatable; default: each language of the record and all of them together.')
@click.option('-f', '--format', 'formats', multiple=True, type=click.Choice(['html', 'pdf']),
              help='Output format. Repeatable; default: html and pdf.')
@click.option('-o', '--out', type=click.Path(file_okay=False, path_type=Path), default=Path('dist'),
              show_default=True, help='Output folder; each release gets OUT/<id>/.')
def render(records, locales, formats, out):
    """Render RECORDS to HTML pages and print-ready PDFs.

    Nothing is written unless every record and catalog is valid.

    \b
    Examples:
      publisher render samples/*
      publisher render samples/mois-asean-corps-2019 -l ko-en -f pdf
      publisher render samples/* -l en -l ko --out public
    """
    from .render.pdf import PdfWorkers
    from .workspace import record_files

    formats = formats or ('html', 'pdf')
    # Workers start before the records are read; guess their number from the arguments.
    expected = len(record_files(records)) * (len(locales) or 3)
    with PdfWorkers(expected) if 'pdf' in formats else nullcontext() as pdfs:
        from . import build
        releases = _load(records)
        try:
            outputs = build.build(releases, locales, formats, out, pdfs=pdfs, report=_report_missing)
            written = build.write_outputs(outputs)
        except InputError as error:
            _fail(error)
        except OSError as error:
            raise click.ClickException(f'cannot write {error.filename}: {error.strerror}') from None
    for path in written:
        if path.suffix in ('.html', '.pdf'):
            click.echo(path)


def _load(records):
    from .record import load_record
    from .workspace import record_files

    problems, releases = [], []
    files = record_files(records)
    if not files:
        raise click.UsageError('no record files found in ' + ', '.join(map(str, records)))
    for path in files:
        try:
            releases.append(load_record(path))
        except InputError as error:
            problems += error.problems
    if problems:
        _fail(InputError(problems))
    return releases


def _report_missing(release, localised):
    for language, text in localised.items():
        if text.untranslated or text.fuzzy:
            click.echo(f'{release.source}: {language}: {len(text.untranslated)} untranslated and '
                       f'{len(text.fuzzy)} fuzzy strings, shown in {release.source_language}', err=True)


def _fail(error: InputError):
    for problem in error.problems:
        click.echo(str(problem), err=True)
    count = len(error.problems)
    rendering = click.get_current_context().command.name == 'render'
    click.echo(f'{count} problem{"s" if count > 1 else ""} found{"; nothing was written" if rendering else ""}.',
               err=True)
    raise SystemExit(1)
