"""publisher init, schema and serve: a new workspace, the record's JSON Schema, the live preview."""

from __future__ import annotations

from pathlib import Path

import click

from ..problems import InputError, shown
from .report import fail
from .selection import default_records


@click.command()
@click.argument('folder', type=click.Path(file_okay=False, path_type=Path))
def init(folder):
    """Start a workspace in FOLDER (new or empty): an example release, the glossary, catalogs.

    \b
    Example:
      publisher init press-releases
      publisher check press-releases/releases
    """
    from ..scaffold import create_workspace

    try:
        written = create_workspace(folder)
    except InputError as error:
        fail(error)
    except OSError as error:
        raise click.ClickException(f'cannot write {error.filename}: {error.strerror}') from None
    for path in written:
        click.echo(shown(path))
    click.echo(f'\nNext, in the new workspace:\n  cd {click.format_filename(folder)}\n'
               '  publisher check             # validate the example release\n'
               '  publisher serve             # see it in the browser while you edit it\n'
               '  publisher render --draft    # its pages, PDFs and HWPX into dist/, marked as drafts\n'
               'Its English is not translated yet: translate locales/en/LC_MESSAGES/example-release.po\n'
               '(or draft it with publisher translate, then publisher review); publisher render then\n'
               'publishes it.')


@click.command()
@click.option('-o', '--out', type=click.Path(dir_okay=False, path_type=Path),
              help='Write the schema to this file instead of printing it.')
def schema(out):
    """The JSON Schema of a record, for editors that complete and check fields.

    A record names it in a comment: # yaml-language-server: $schema=PATH

    \b
    Example:
      publisher schema --out record.schema.json
    """
    from ..atomic import write_atomic
    from ..schema import schema_text

    if out is None:
        click.echo(schema_text(), nl=False)
        return
    try:
        write_atomic(out, schema_text().encode())
    except OSError as error:
        raise click.ClickException(f'cannot write {error.filename}: {error.strerror}') from None


@click.command()
@click.argument('records', nargs=-1, type=click.Path(path_type=Path))
@click.option('-f', '--format', 'formats', multiple=True, type=click.Choice(['html', 'pdf', 'hwpx']),
              help='Formats to preview. Repeatable; default: html and pdf.')
@click.option('--port', type=click.IntRange(0, 65535), default=8000, show_default=True,
              help='The port to serve on; 0 takes a free one.')
@click.option('--idle-timeout', type=click.FloatRange(0, min_open=True), metavar='SECONDS',
              help='Close a connection silent for this many seconds (default: 20).')
def serve(records, formats, port, idle_timeout):
    """Preview RECORDS in a browser, rendered again whenever their files change.

    Renders into a temporary folder served on localhost; a change to a record,
    its photos or catalogs renders that release again (the glossary and
    templates, every release), and the open page reloads itself. Strings not
    yet reviewed show as in a draft. Without RECORDS, every release of the
    current workspace.

    \b
    Example:
      publisher serve samples/*
    """
    from ..preview import IDLE_SECONDS, serve as run

    def report(problems):
        for problem in problems:
            click.echo(str(problem), err=True)

    try:
        run(records or default_records(), formats or ('html', 'pdf'), '127.0.0.1', port,
            report=report, tell=click.echo, idle_seconds=idle_timeout or IDLE_SECONDS)
    except OSError as error:
        raise click.ClickException(f'cannot serve on port {port}: {error.strerror}') from None
