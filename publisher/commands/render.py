"""publisher render: HTML pages, PDFs and HWPX documents, with the site's feeds, sitemap and gallery."""

from __future__ import annotations

import os
import sys
from concurrent.futures import BrokenExecutor
from contextlib import nullcontext
from pathlib import Path

import click

from ..problems import InputError, shown
from .report import fail, report_missing
from .selection import check_moment, default_records, load_releases


def _check_base_url(context, parameter, value):
    """An http(s) address of a folder; the final slash is added when missing."""
    from urllib.parse import urlsplit
    if value is None:
        return None
    from urllib.parse import quote
    value = quote(value, safe=":/%@!$&'()*+,;=~")  # a space or a Hangul folder name, written as a URL
    parts = urlsplit(value)
    if parts.scheme not in ('http', 'https') or not parts.netloc or parts.query or parts.fragment:
        raise click.BadParameter(f'{value!r} is not the http(s) address of a folder, such as '
                                 'https://www.example.go.kr/press/')
    return value if value.endswith('/') else value + '/'


def _check_scheduler(context, parameter, value):
    """A Dask scheduler's address: tcp://HOST:PORT."""
    from urllib.parse import urlsplit
    if value is None:
        return None
    parts = urlsplit(value)
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme != 'tcp' or not parts.hostname or port is None or parts.path not in ('', '/'):
        raise click.BadParameter(f"{value!r} is not a Dask scheduler's address, such as tcp://192.0.2.10:8786")
    return f'tcp://{parts.netloc}'


@click.command()
@click.argument('records', nargs=-1, type=click.Path(path_type=Path))
@click.option('-l', '--locale', 'locales', multiple=True, metavar='LANG[-LANG]',
              help='An edition to render: a language (ko) or languages together, in order (ko-en). '
                   'Repeatable; default: each language of the record and all of them together.')
@click.option('-f', '--format', 'formats', multiple=True, type=click.Choice(['html', 'pdf', 'hwpx']),
              help='Output format. Repeatable; default: html, pdf and hwpx (Hancom Office).')
@click.option('-o', '--out', type=click.Path(file_okay=False, path_type=Path), default=Path('dist'),
              show_default=True, help='Output folder; each release gets OUT/<id>/.')
@click.option('--draft', is_flag=True,
              help='Render releases with strings not yet reviewed anyway, as marked drafts (<id>.<lang>.draft.html …).')
@click.option('--paper', type=click.Choice(['a4', 'letter'], case_sensitive=False), default='a4', show_default=True,
              help='The paper of the PDFs.')
@click.option('--print', 'press', is_flag=True,
              help='PDFs for a print shop: 3 mm bleed and crop marks around the trimmed page.')
@click.option('--archive', is_flag=True,
              help='PDFs for the archive: PDF/A-3b, carrying the record and catalogs they were made from.')
@click.option('--base-url', callback=_check_base_url, metavar='URL',
              help='Where the output folder is published (https://www.example.go.kr/press/). HTML then links '
                   'photos, attachments and other languages absolutely, so fragments work embedded anywhere.')
@click.option('--inline-images', is_flag=True,
              help='Put the photos inside the HTML pages and fragments, so a fragment needs no image beside it.')
@click.option('--fonts', is_flag=True,
              help='Give fragments the package\'s web fonts too; by default they take the host page\'s fonts.')
@click.option('--force', is_flag=True, help='Render every output again, even those whose inputs did not change.')
@click.option('--scheduler', callback=_check_scheduler, metavar='tcp://HOST:PORT',
              help='Render the PDFs on the workers of this Dask scheduler (publisher installed on each); '
                   'the outputs are written here.')
@click.option('--now', callback=check_moment, metavar='TIME',
              help='Render as of this moment (2026-12-05T09:00+09:00) instead of now: for tests, or to prepare '
                   'a release the day before.')
@click.option('--include-embargoed', is_flag=True,
              help='List releases under embargo in the index, feeds and sitemap too: an internal preview, '
                   'marked as one, never to be published.')
@click.option('-v', '--verbose', is_flag=True, help='Name each output, written or unchanged, and the time its PDF took.')
def render(records, locales, formats, out, draft, paper, press, archive, base_url, inline_images, fonts, force,
           scheduler, now, include_embargoed, verbose):
    """Render RECORDS (by default every release.yaml of the workspace) to HTML pages, print-ready PDFs
    and HWPX documents (Hancom Office).

    Nothing is written unless every record and catalog is valid, and every
    string of each language rendered is reviewed (or --draft is given).
    Outputs whose record, catalogs, templates, fonts, photos and options did
    not change since the last render are not rendered again ("unchanged").
    A release under embargo is rendered, its pages not indexed and saying
    until when, and held back from the index, feeds and sitemap (OUT/.publisher-held
    lists it, for the site's sync to leave out: rsync --exclude-from); the
    first render after its embargo publishes it.  PDFs are rendered by this
    user's warm PDF workers, started by the first render and ending after
    10 idle minutes (see publisher workers; PUBLISHER_WARM=0 turns them off).

    \b
    Examples:
      publisher render samples/*
      publisher render samples/mois-asean-corps-2019 -l ko-en -f pdf
      publisher render samples/* -l en -l ko --out public
      publisher render samples/* -f html --base-url https://www.example.go.kr/press/
      publisher render samples/* --scheduler tcp://192.0.2.10:8786
      publisher render samples/* --now 2026-12-05T09:00+09:00 --include-embargoed --out preview
    """
    from .. import manifest
    from ..progress import progress
    from ..workspace import record_files

    records = records or default_records()
    formats = tuple(dict.fromkeys(formats)) or ('html', 'pdf', 'hwpx')
    paper = 'A4' if paper.lower() == 'a4' else paper.lower()
    files = record_files(records)
    request = manifest.request_key(locales=locales, formats=formats, draft=draft,
                                   paper=paper, press=press, archive=archive, base_url=base_url,
                                   inline_images=inline_images, fonts=fonts)
    if not force and files and _nothing_to_do(files, out, request, formats, verbose, now, include_embargoed):
        return
    from ..render.cluster import ClusterError

    # Taken before the records are read: a record edited meanwhile is seen as changed by the next run.
    sources = {str(path.resolve()): manifest.file_state(path) for path in files}
    # Workers start before the records are read, and before anything heavy is
    # imported here; guess their number from the arguments: a PDF is laid out per language.
    expected = len(files) * (len({language for edition in locales for language in edition.split('-')}) or 3)
    try:
        with _pdf_workers(formats, expected, scheduler) as pdfs:
            from .. import build
            releases = load_releases(records)
            from ..render.html import PrintProfile, WebProfile
            outputs = build.build(releases, locales, formats, out, pdfs=pdfs, draft=draft,
                                  profile=PrintProfile(paper, press), archive=archive,
                                  web=WebProfile(base_url, inline_images, fonts), force=force,
                                  inputs=build.Inputs(records=sources), now=now, report=report_missing)
            # Render's result is a line per release already: the bar only, on a terminal.
            with progress('Rendering', len(outputs), lines=False) as rendering:
                written = build.write_outputs(outputs, done=_written_so_far(rendering), force=force)
    except InputError as error:
        fail(error)
    except OSError as error:
        raise click.ClickException(f'cannot write {shown(Path(error.filename)) if error.filename else "the outputs"}: '
                                   f'{error.strerror or error}; nothing was written') from None
    except BrokenExecutor:  # the others were stopped with it (see render/workers.py)
        raise click.ClickException('the PDF workers stopped before the PDFs were done (a worker killed, out of '
                                   'memory, or unable to start); nothing was written') from None
    except ClusterError as error:
        click.echo(str(error), err=True)
        raise SystemExit(1)
    except KeyboardInterrupt:
        # The workers are stopped and the staged files removed by now.  Leave at once: the
        # interpreter's own shutdown, joining the pool's threads, could be interrupted again
        # and end the process with a signal's status instead of Ctrl-C's 130.
        click.echo('Interrupted; nothing was written.', err=True)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)
    if 'html' in formats:  # the site's files list pages: a render without pages leaves them be
        _write_site_files(out, base_url, now, include_embargoed)
        _write_gallery(out, now, include_embargoed)
        manifest.site_written(out)
    for result in outputs:
        _echo_release(result.folder, [(item.path, item.status, item.seconds) for item in written
                                      if item.path.is_relative_to(result.folder)], verbose)
        _echo_unannounced(result.folder, result.unannounced)
    _echo_held(out, [result.folder for result in outputs], now, include_embargoed)
    _write_held_list(out, now)


def _pdf_workers(formats, expected: int, scheduler: str | None):
    """What renders the PDFs: the Dask cluster's workers at ``scheduler``, else this user's warm workers
    (see render/warm.py), else worker processes of the run's own."""
    if 'pdf' not in formats:
        return nullcontext()
    if scheduler:
        from ..render.cluster import DaskWorkers
        return DaskWorkers(scheduler)
    from ..render.warm import pdf_workers
    from ..wire import WarmSettingError
    try:
        return pdf_workers(expected, warn=lambda message: click.echo(message, err=True))
    except WarmSettingError as error:
        raise click.ClickException(str(error)) from None


def _nothing_to_do(files, out: Path, request: str, formats, verbose: bool, now, include_embargoed: bool) -> bool:
    """Whether every output of ``files`` is current at ``now`` (see manifest.py), and the index is the
    preview asked for or not; if so, say so.

    This is the whole of a render that finds nothing to do: it reads the
    manifests and looks at the files, and imports neither the record's
    schema, nor Jinja2, nor WeasyPrint.
    """
    from .. import manifest
    from ..installation import software
    from ..publishing.publication import is_preview

    index = out / 'index.html'
    if 'html' in formats and (not index.is_file() or is_preview(index) != include_embargoed
                              or not manifest.site_is_current(out)):
        return False
    found, states, software = manifest.records_in(out), manifest.States(), software()
    current = []
    for path in files:
        outputs = manifest.unchanged_outputs(path, request, found, states, software, now)
        if outputs is None:
            return False
        current.append((found[str(path.resolve())][0], outputs))
    for folder, outputs in current:
        _echo_release(folder, [(output, 'unchanged', None) for output in outputs], verbose)
    _echo_held(out, [folder for folder, _ in current], now, include_embargoed)
    _write_held_list(out, now)
    return True


def _echo_held(out: Path, folders, now, include_embargoed: bool):
    """Name, on stderr, each release an embargo holds back, and until when (as its manifest says); and each
    one published only because the render is as of a moment later than the clock (``--now``)."""
    from .. import manifest
    from ..publishing.moments import now as clock, utc

    for folder in folders:
        kept = manifest.read(folder) or {}
        lifts, until = kept.get('stale_before'), kept.get('stale_after')
        if lifts and utc(clock()) < lifts <= utc(now):
            click.echo(f'{shown(folder)}: published as of {utc(now).replace("T", " ").removesuffix("Z")} UTC, but by '
                       f'the clock its embargo holds until {lifts.replace("T", " ").removesuffix("Z")} UTC: sync '
                       f'{shown(out)} only after then; the next render by the clock holds it back again', err=True)
        if until and utc(now) < until:
            where = ('listed only in this internal preview' if include_embargoed else
                     'left out of the index, feeds and sitemap; its pages are not indexed')
            by = 'its distribution time' if kept.get('held_by') == 'distribution' else 'its embargo'
            click.echo(f'{shown(folder)}: held back by {by} until {until.replace("T", " ").removesuffix("Z")} '
                       f'UTC: {where}; the first render after then publishes it', err=True)


def _write_held_list(out: Path, now):
    """``out``/.publisher-held: the folders of the releases an embargo holds back at ``now``, one rsync
    exclude pattern a line (``/<id>/``), so that the site can be synced without them."""
    from .. import manifest
    from ..atomic import write_atomic
    from ..publishing.publication import HELD_LIST

    if not out.is_dir():
        return
    lines = ['# Held back by their embargo: rsync --exclude-from=' + HELD_LIST + ' leaves them out of the site.',
             *(f'/{folder.name}/' for folder in manifest.held_back(out, now))]
    try:
        write_atomic(out / HELD_LIST, ('\n'.join(lines) + '\n').encode())
    except OSError as error:
        raise click.ClickException(f'cannot write {shown(out / HELD_LIST)}: {error.strerror}') from None


def _echo_unannounced(folder: Path, changed: dict[str, list[str]]):
    """Name, on stderr, the lines of a published release this render changed with no correction to tell readers."""
    if changed:
        lines = '; '.join(f'{language}: {", ".join(labels)}' for language, labels in changed.items())
        click.echo(f'{shown(folder)}: its published text changed with no correction ({lines}): readers are not '
                   f'told; say what changed in the record\'s corrections and render again', err=True)


def _echo_release(folder: Path, outputs, verbose: bool):
    """One line for a release (how many outputs were written, how many unchanged); with ``verbose``,
    one per output, with the seconds a PDF rendered again took (its bytes may be the same)."""
    if verbose:
        for path, status, seconds in outputs:
            click.echo(f'{shown(path)}: {status}' + (f' (rendered in {seconds:.2f} s)' if seconds is not None else ''))
        return
    written = sum(status == 'written' for _, status, _ in outputs)
    if written == len(outputs):
        click.echo(f'{shown(folder)}: {written} written')
    else:
        click.echo(f'{shown(folder)}: ' + (f'{written} written, ' if written else '')
                   + f'{len(outputs) - written} unchanged')


def _written_so_far(rendering):
    """A ``done(result, outputs)`` that moves render's bar, showing how many outputs were written so far."""
    written = 0

    def done(result, outputs):
        nonlocal written
        written += sum(output.status == 'written' for output in outputs)
        rendering.done(f'{written} written')
    return done


def _write_site_files(out: Path, base_url, now, include_embargoed: bool):
    """The Atom feeds and, with a base URL, the sitemap of everything in ``out`` at ``now`` (see feeds.py)."""
    from ..atomic import write_atomic
    from ..feeds import site_files
    from ..publishing.moments import utc

    files, kept = site_files(out, base_url, utc(now), include_embargoed)
    for path in kept:
        click.echo(f'{shown(path)}: left as it is, since publisher did not write it', err=True)
    for path, data in files.items():
        try:
            if data is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, data)
        except OSError as error:
            raise click.ClickException(f'cannot write {shown(path)}: {error.strerror}; the releases are written, '
                                       'and the next render writes the site\'s files again') from None


def _write_gallery(out: Path, now, include_embargoed: bool):
    """``out``/index.html, linking everything rendered there at ``now``, unless a page of the site's own is there."""
    from ..atomic import write_atomic
    from ..render.html import is_gallery, render_gallery
    from ..render.webfonts import with_gallery_fonts
    from ..publishing.moments import utc

    index = out / 'index.html'
    if index.exists() and not is_gallery(index):
        click.echo(f'{shown(index)}: left as it is, since publisher did not write it; no gallery written', err=True)
        return
    try:
        write_atomic(index, with_gallery_fonts(render_gallery(out, utc(now), include_embargoed), out).encode())
    except OSError as error:
        raise click.ClickException(f'cannot write {shown(index)}: {error.strerror}; the releases are written, '
                                   'and the next render writes the site\'s files again') from None
