"""The ``publisher`` command: each verb parses its arguments and calls one stage."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager, nullcontext
from pathlib import Path

import click

from .problems import InputError, shown

_PROVIDERS = ('deepl', 'google', 'libre', 'microsoft', 'mymemory', 'papago')


def _languages(context, parameter, values):
    """Check language codes as the record does: ko, en, ja."""
    import re

    from babel import localedata
    for value in (values if isinstance(values, tuple) else (values,)):
        if value is not None and (not re.fullmatch(r'[a-z]{2,3}', value) or not localedata.exists(value)):
            raise click.BadParameter(f"'{value}' is not a language code such as en or ko")
    return values


#: The help of -v/--verbose, for commands that show their progress by release.
_VERBOSE = 'A line per release on stderr, with the time it took, instead of the progress bar.'


def _strings(count):
    return f'{count} string{"" if count == 1 else "s"}'


def run():
    """The ``publisher`` command (main), leaving as soon as it is done.

    With every file written and closed, tearing the interpreter down (freeing
    every module's objects) took 0.1 to 0.3 s more of each command; the process
    leaves right after the exit handlers (atexit) have run, with the command's status.
    """
    import atexit

    status = [1]  # anything but SystemExit out of main is a failure
    atexit.register(_leave, status)  # first registered, so run after every other exit handler
    try:
        main()
    except SystemExit as done:
        status[0] = 0 if done.code is None else done.code if isinstance(done.code, int) else 1
        raise


def _leave(status):
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status[0])


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
    from .proofreading import corrections
    from .style import load_style

    releases, problems = _load(records, keep_going=True)
    for release in releases:
        for language in release.languages:
            try:
                _report_unreviewed(release, language, *build.unreviewed_strings(release, language))
                notes, unknown = corrections(release, language)
                for note in notes:
                    click.echo(f'{note} (corrected when rendering)')
                problems += unknown
            except InputError as error:
                problems += error.problems
        try:
            load_style(release.workspace.root)
            problems += _glossary_problems(release)
            problems += build.glyph_problems(release, release.languages)
        except InputError as error:
            problems += error.problems
    if problems:
        # A catalog is read for several checks, and a template catalog for every release.
        _fail(InputError(list(dict.fromkeys(problems))))
    for release in releases:
        click.echo(f'{release.source}: ok ({release.id}, {", ".join(release.languages)})')


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


@main.command()
@click.argument('records', nargs=-1, required=True, type=click.Path(path_type=Path))
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
@click.option('-v', '--verbose', is_flag=True, help='Name each output, written or unchanged, and the time its PDF took.')
def render(records, locales, formats, out, draft, paper, press, archive, base_url, inline_images, fonts, force,
           scheduler, verbose):
    """Render RECORDS to HTML pages, print-ready PDFs and HWPX documents (Hancom Office).

    Nothing is written unless every record and catalog is valid, and every
    string of each language rendered is reviewed (or --draft is given).
    Outputs whose record, catalogs, templates, fonts, photos and options did
    not change since the last render are not rendered again ("unchanged").

    \b
    Examples:
      publisher render samples/*
      publisher render samples/mois-asean-corps-2019 -l ko-en -f pdf
      publisher render samples/* -l en -l ko --out public
      publisher render samples/* -f html --base-url https://www.example.go.kr/press/
      publisher render samples/* --scheduler tcp://192.0.2.10:8786
    """
    from . import manifest
    from .progress import progress
    from .workspace import record_files

    formats = tuple(dict.fromkeys(formats)) or ('html', 'pdf', 'hwpx')
    paper = 'A4' if paper.lower() == 'a4' else paper.lower()
    files = record_files(records)
    request = manifest.request_key(locales=locales, formats=formats, draft=draft,
                                   paper=paper, press=press, archive=archive, base_url=base_url,
                                   inline_images=inline_images, fonts=fonts)
    if not force and files and _nothing_to_do(files, out, request, verbose):
        return
    from .render.cluster import ClusterError

    # Taken before the records are read: a record edited meanwhile is seen as changed by the next run.
    sources = {str(path.resolve()): manifest.file_state(path) for path in files}
    # Workers start before the records are read, and before anything heavy is
    # imported here; guess their number from the arguments: a PDF is laid out per language.
    expected = len(files) * (len({language for edition in locales for language in edition.split('-')}) or 3)
    try:
        with _pdf_workers(formats, expected, scheduler) as pdfs:
            from . import build
            releases = _load(records)
            from .render.html import PrintProfile, WebProfile
            outputs = build.build(releases, locales, formats, out, pdfs=pdfs, draft=draft,
                                  profile=PrintProfile(paper, press), archive=archive,
                                  web=WebProfile(base_url, inline_images, fonts), force=force,
                                  inputs=build.Inputs(records=sources), report=_report_missing)
            # Render's result is a line per release already: the bar only, on a terminal.
            with progress('Rendering', len(outputs), lines=False) as rendering:
                written = build.write_outputs(outputs, done=_written_so_far(rendering), force=force)
    except InputError as error:
        _fail(error)
    except OSError as error:
        raise click.ClickException(f'cannot write {shown(Path(error.filename)) if error.filename else "the outputs"}: '
                                   f'{error.strerror}; nothing was written') from None
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
    _write_site_files(out, base_url)
    _write_gallery(out)
    for result in outputs:
        _echo_release(result.folder, [(item.path, item.status, item.seconds) for item in written
                                      if item.path.is_relative_to(result.folder)], verbose)


def _pdf_workers(formats, expected: int, scheduler: str | None):
    """What renders the PDFs: the Dask cluster's workers at ``scheduler``, else local worker processes."""
    if 'pdf' not in formats:
        return nullcontext()
    if scheduler:
        from .render.cluster import DaskWorkers
        return DaskWorkers(scheduler)
    from .render.pdf import PdfWorkers
    return PdfWorkers(expected)


def _nothing_to_do(files, out: Path, request: str, verbose: bool) -> bool:
    """Whether every output of ``files`` is current (see manifest.py); if so, say so.

    This is the whole of a render that finds nothing to do: it reads the
    manifests and looks at the files, and imports neither the record's
    schema, nor Jinja2, nor WeasyPrint.
    """
    from . import manifest

    if not (out / 'index.html').is_file():
        return False
    found, states, software = manifest.records_in(out), manifest.States(), manifest.software()
    current = []
    for path in files:
        outputs = manifest.unchanged_outputs(path, request, found, states, software)
        if outputs is None:
            return False
        current.append((found[str(path.resolve())][0], outputs))
    for folder, outputs in current:
        _echo_release(folder, [(output, 'unchanged', None) for output in outputs], verbose)
    return True


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


@contextmanager
def _progress_by_release(label: str, catalogs, verbose: bool):
    """Progress over the releases of ``catalogs`` (see progress.py): gives a ``done(catalog)``
    that tells of a release when the last of its catalogs is done."""
    from .progress import progress

    last = {id(catalog.release): catalog for catalog in catalogs}
    with progress(label, len(last), verbose=verbose) as releases:
        def done(catalog):
            if last[id(catalog.release)] is catalog:
                releases.done(shown(catalog.release.source))
        yield done


def _write_site_files(out: Path, base_url):
    """The Atom feeds and, with a base URL, the sitemap of everything in ``out`` (see feeds.py)."""
    from .atomic import write_atomic
    from .feeds import site_files

    files, kept = site_files(out, base_url)
    for path in kept:
        click.echo(f'{shown(path)}: left as it is, since publisher did not write it', err=True)
    try:
        for path, data in files.items():
            write_atomic(path, data)
    except OSError as error:
        raise click.ClickException(f'cannot write {error.filename}: {error.strerror}') from None


def _write_gallery(out: Path):
    """``out``/index.html, linking everything rendered there, unless a page of the site's own is there."""
    from .atomic import write_atomic
    from .render.html import is_gallery, render_gallery
    from .render.webfonts import with_gallery_fonts

    index = out / 'index.html'
    if index.exists() and not is_gallery(index):
        click.echo(f'{shown(index)}: left as it is, since publisher did not write it; no gallery written', err=True)
        return
    try:
        write_atomic(index, with_gallery_fonts(render_gallery(out), out).encode())
    except OSError as error:
        raise click.ClickException(f'cannot write {shown(index)}: {error.strerror}') from None


@main.command()
@click.argument('records', nargs=-1, required=True, type=click.Path(path_type=Path))
def extract(records):
    """Write the catalog templates (.pot) of RECORDS and of the page templates.

    Each goes to locales/<id>.pot, the template strings to locales/publisher.pot.
    A template is rewritten only when its strings changed.

    \b
    Example:
      publisher extract samples/*
    """
    from .catalogs.extract import write_templates

    results = {}
    for release in _load(records):
        try:
            written = write_templates(release)
        except InputError as error:
            _fail(error)
        for path, (changed, count) in written.items():
            results[path] = (results.get(path, (False,))[0] or changed, count)
    for path, (changed, count) in sorted(results.items()):
        click.echo(f'{shown(path)}: {"written" if changed else "unchanged"}; {count} strings')


@main.command()
@click.argument('records', nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option('-l', '--locale', 'languages', multiple=True, metavar='LANG', callback=_languages,
              help='A language to update. Repeatable; default: every language of the record but its source.')
@click.option('--no-memory', is_flag=True,
              help='Do not pre-fill new strings from the translations of other catalogs.')
@click.option('-v', '--verbose', is_flag=True, help=_VERBOSE)
def update(records, languages, no_memory, verbose):
    """Create or update the catalogs (.po) of RECORDS for their translators.

    Translations are kept; a string changed in the record keeps its old
    translation marked fuzzy, with the old text as "#| msgid"; a string gone
    from the record becomes obsolete ("#~"). A catalog that is up to date is
    not touched. New strings already translated in another catalog are
    pre-filled (fuzzy when only close), unless --no-memory.

    \b
    Example:
      publisher update samples/* -l ko -l en
    """
    from .catalogs import count
    from .catalogs.extract import catalog_files
    from .catalogs.merge import update_catalogs

    releases = _load(records)
    problems = [problem for release in releases for problem in _languages_of(release, languages)]
    if problems:
        _fail(InputError(problems))
    catalogs = catalog_files(releases, languages)
    try:
        with _progress_by_release('Updating', catalogs, verbose) as merged:
            updates = update_catalogs(catalogs, memory=not no_memory, merged=merged)
    except InputError as error:
        _fail(error)
    for update, catalog in zip(updates, catalogs):
        counts = count(update.po, [entry.key for entry in catalog.domain.template])
        state = 'created' if update.before is None else 'updated' if update.changed else 'unchanged'
        click.echo(f'{shown(update.path)}: {state}; {counts.translated} translated, {counts.fuzzy} fuzzy, '
                   f'{counts.untranslated} untranslated, {counts.obsolete} obsolete')


@main.command()
@click.argument('records', nargs=-1, type=click.Path(path_type=Path))
@click.option('--json', 'as_json', is_flag=True, help='Print JSON, for scripts and CI.')
@click.option('--fail-under', type=click.FloatRange(0, 100), metavar='PCT',
              help='Exit 1 if any catalog is less than PCT percent translated.')
@click.option('-v', '--verbose', is_flag=True, help=_VERBOSE)
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

    from .catalogs.extract import catalog_files

    rows, problems, glossaries, misnamed = [], [], {}, []
    files = catalog_files(_load(records or _default_records()))
    with _progress_by_release('Counting', files, verbose) as counted:
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
        _fail(InputError(problems))
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        _print_table(rows)
    below = [row for row in rows if fail_under is not None and row['percent'] < fail_under]
    if below:
        for row in below:
            click.echo(f"{shown(row['catalog'])}: {row['percent']}% translated, under {fail_under}%", err=True)
        raise SystemExit(1)


def _status_row(file, glossaries: dict):
    """The counts of a catalog (catalogs/extract.py: CatalogFile), and its translations that write an official term
    otherwise than the glossary of its workspace (read once into ``glossaries``)."""
    from .catalogs import count, read_catalog
    from .drafts.glossary import load_glossary

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


@main.command(name='compile')
@click.argument('records', nargs=-1, required=True, type=click.Path(path_type=Path))
def compile_(records):
    """Compile the catalogs of RECORDS to .mo files, beside each .po.

    Fuzzy and untranslated entries are left out, as GNU msgfmt does.
    publisher render never reads .mo files: this is for other tools.

    \b
    Example:
      publisher compile samples/*
    """
    from .atomic import write_all
    from .catalogs import mo_bytes, read_catalog
    from .problems import Problem

    from .catalogs.extract import catalog_files

    problems, compiled = [], {}
    for file in catalog_files(_load(records)):
        try:
            catalog = read_catalog(file.path, file.domain.style)
        except InputError as error:
            problems += error.problems
            continue
        if catalog.po is not None:
            compiled[file.path.with_suffix('.mo')] = mo_bytes(catalog.po)
    if problems:
        _fail(InputError(problems))
    try:
        write_all(compiled)
    except OSError as error:
        _fail(InputError([Problem(error.filename, None, '', f'cannot be written: {error.strerror}')]))
    for path in compiled:
        click.echo(shown(path))


@main.command()
@click.argument('records', nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option('-l', '--locale', 'language', required=True, metavar='LANG', callback=_languages,
              help='The language to draft.')
@click.option('--provider', default='libre', show_default=True, type=click.Choice(sorted(_PROVIDERS)),
              help='The machine translation service (through deep-translator).')
@click.option('--provider-url', metavar='URL', help='The server, for a self-hosted LibreTranslate (or another '
              'server speaking LibreTranslate\'s or MyMemory\'s protocol).')
@click.option('--api-key', metavar='KEY', help='The provider\'s key (Papago: ID:SECRET); by default from '
              'LIBRE_API_KEY, MICROSOFT_API_KEY, DEEPL_API_KEY or PAPAGO_CLIENT_ID and PAPAGO_SECRET_KEY.')
@click.option('--timeout', type=click.FloatRange(min=0.1), default=20.0, show_default=True, metavar='S',
              help='Seconds to wait for each answer.')
@click.option('--jobs', type=click.IntRange(1, 32), default=4, show_default=True, metavar='N',
              help='Requests at once.')
@click.option('-v', '--verbose', is_flag=True,
              help='A line per catalog on stderr, with the time it took, instead of the progress bar.')
def translate(records, language, provider, provider_url, api_key, timeout, jobs, verbose):
    """Fill the empty entries of RECORDS' catalogs with machine drafts to review.

    Drafts are marked fuzzy with a "machine draft: <provider>, <date>" comment,
    so nothing is published before a translator reviews it (publisher review,
    Poedit, Weblate). Reviewed entries and a translator's fuzzy ones are never
    touched. Answers are cached: a second run sends no text. An entry that
    cannot be drafted is reported as it happens, the run goes on, and the exit
    status is 1.

    \b
    Example:
      publisher translate samples/* -l ko --provider libre --provider-url http://localhost:5000/
    """
    from .catalogs.extract import catalog_files
    from .catalogs.merge import update_catalogs
    from .catalogs.pofile import read_po
    from .drafts.drafting import Cache, Drafter, Unreachable, draftable, saver
    from .drafts.glossary import load_glossary
    from .drafts.providers import PROVIDERS, ProviderError
    from .progress import progress

    releases = _load(records)
    problems = [problem for release in releases for problem in _languages_of(release, [language])]
    if problems:
        _fail(InputError(problems))
    catalogs = catalog_files(releases, [language])
    try:
        update_catalogs(catalogs)  # drafts go into catalogs that hold today's strings
    except InputError as error:
        _fail(error)
    cache = Cache()
    total = drafted = cached = 0
    not_drafted, to_review = 0, {}
    try:
        work = [(catalog, entries) for catalog in catalogs if (entries := draftable(read_po(catalog.path).entries))]
        with progress('Drafting', sum(len(entries) for _, entries in work), verbose=verbose) as drafting:
            for catalog, entries in work:
                path = catalog.path
                drafter = Drafter(PROVIDERS[provider], catalog.domain.source_language, language,
                                  load_glossary(catalog.release.workspace.root), cache,
                                  url=provider_url, api_key=api_key, timeout=timeout, jobs=jobs,
                                  style=catalog.domain.style)

                def report(entry, reason, path=path, release=catalog.release, domain=catalog.domain.name):
                    # Where the record writes the string: catalog lines move as drafts arrive.
                    where = (shown(release.workspace.root / entry.references[0])
                             if domain == release.id and entry.references else f'{shown(path)}:{entry.line}')
                    drafting.echo(f'{where}: not drafted: {reason}')

                outcome = drafter.draft(entries, saver(path),
                                        lambda count, name=shown(path): drafting.advance(count, name), report)
                drafting.done(shown(path), units=0)
                total += len(entries)
                drafted += outcome.drafted
                if outcome.drafted:
                    to_review.setdefault(shown(catalog.release.source.parent))
                cached += outcome.from_cache
                not_drafted += len(outcome.rejected)
    except (ProviderError, Unreachable) as error:
        raise click.ClickException(f'{error}. Drafts received so far are saved.') from None
    except InputError as error:
        _fail(error)
    finally:
        cache.close()
    click.echo(f'{drafted} of {total} empty entries drafted ({cached} from the cache)'
               + ('; review them with:' if to_review else ''))
    for folder in to_review:
        click.echo(f'  publisher review {folder} -l {language}')
    if not_drafted:
        raise click.ClickException(f'{not_drafted} entr{"y" if not_drafted == 1 else "ies"} not drafted (listed above)')


@main.command()
@click.argument('record', type=click.Path(path_type=Path))
@click.option('-l', '--locale', 'language', required=True, metavar='LANG', callback=_languages,
              help='The language to review.')
def review(record, language):
    """Review the fuzzy entries of RECORD's catalogs, one by one, in the terminal.

    For each: its source, its draft, where it comes from; accept it as it is,
    edit it, or skip it. An accepted entry loses its fuzzy flag (a machine
    draft keeps its comment, as history) and is saved at once.

    \b
    Example:
      publisher review samples/mois-asean-corps-2019 -l ko
    """
    from .catalogs import placeholder_problem
    from .catalogs.extract import catalog_files
    from .drafts.review import accept, fuzzy_entries

    releases = _load([record])
    problems = _languages_of(releases[0], [language])
    if problems:
        _fail(InputError(problems))
    for catalog in catalog_files(releases, [language]):
        path = catalog.path
        for entry in fuzzy_entries(path):
            click.echo()
            click.secho(f'{shown(path)}:{entry.line}', bold=True)
            for comment in entry.extracted_comments:
                click.echo(f'  # {comment}')
            if entry.previous_msgid is not None:
                click.echo(f'  was:   {entry.previous_msgid}')
            click.echo(f'  source: {entry.msgid}')
            click.echo(f'  draft:  {entry.msgstr}')
            choice = click.prompt('[a]ccept, [e]dit, [s]kip, [q]uit', type=click.Choice(['a', 'e', 's', 'q']),
                                  default='s', show_choices=False)
            if choice == 'q':
                return
            if choice == 's':
                continue
            text = entry.msgstr
            while choice == 'e':
                text = click.prompt('  translation', default=text)
                problem = placeholder_problem(entry.changed(msgstr=text), text, catalog.domain.style)
                if problem is None:
                    break
                click.echo(f'  {problem}', err=True)
            try:
                accept(path, entry, text)
            except InputError as error:
                _fail(error)
            click.echo('  accepted')


@main.command()
@click.argument('folder', type=click.Path(file_okay=False, path_type=Path))
def init(folder):
    """Start a workspace in FOLDER (new or empty): an example release, the glossary, catalogs.

    \b
    Example:
      publisher init press-releases
      publisher check press-releases/releases
    """
    from .scaffold import create_workspace

    try:
        written = create_workspace(folder)
    except InputError as error:
        _fail(error)
    except OSError as error:
        raise click.ClickException(f'cannot write {error.filename}: {error.strerror}') from None
    for path in written:
        click.echo(shown(path))


@main.command()
@click.option('-o', '--out', type=click.Path(dir_okay=False, path_type=Path),
              help='Write the schema to this file instead of printing it.')
def schema(out):
    """The JSON Schema of a record, for editors that complete and check fields.

    A record names it in a comment: # yaml-language-server: $schema=PATH

    \b
    Example:
      publisher schema --out record.schema.json
    """
    from .atomic import write_atomic
    from .schema import schema_text

    if out is None:
        click.echo(schema_text(), nl=False)
        return
    try:
        write_atomic(out, schema_text().encode())
    except OSError as error:
        raise click.ClickException(f'cannot write {error.filename}: {error.strerror}') from None


@main.command()
@click.argument('records', nargs=-1, type=click.Path(path_type=Path))
@click.option('-f', '--format', 'formats', multiple=True, type=click.Choice(['html', 'pdf', 'hwpx']),
              help='Formats to preview. Repeatable; default: html and pdf.')
@click.option('--port', type=click.IntRange(0, 65535), default=8000, show_default=True,
              help='The port to serve on; 0 takes a free one.')
def serve(records, formats, port):
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
    from .preview import serve as run

    def report(problems):
        for problem in problems:
            click.echo(str(problem), err=True)

    try:
        run(records or _default_records(), formats or ('html', 'pdf'), '127.0.0.1', port,
            report=report, tell=click.echo)
    except OSError as error:
        raise click.ClickException(f'cannot serve on port {port}: {error.strerror}') from None


def _glossary_problems(release, languages=None):
    """Reviewed translations that write an official term otherwise than the glossary."""
    from .catalogs import read_catalog
    from .drafts.glossary import load_glossary

    glossary = load_glossary(release.workspace.root)
    problems = []
    for language in languages or release.languages:
        if language != release.source_language:
            catalog = read_catalog(release.workspace.catalog(language, release.id))
            for entry in catalog.entries.values():
                problems += glossary.check(entry, release.source_language, language, catalog.path)
    return problems


def _languages_of(release, languages):
    """Problems with translating ``release`` into ``languages``; a note for its source language."""
    from .problems import Problem

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


def _default_records():
    """Every release folder (one with a release.yaml) of the current workspace."""
    from .workspace import Workspace

    root = Workspace.of_folder(Path.cwd()).root
    found = sorted(path.parent for path in root.rglob('release.yaml')
                   if not any(part.startswith('.') or part in ('dist', 'locales') for part in path.relative_to(root).parts))
    if not found:
        raise click.UsageError(f'no records given, and no release.yaml under {root}')
    return found


def _print_table(rows):
    headers = ('catalog', 'language', 'translated', 'fuzzy', 'untranslated', 'obsolete', 'glossary', 'percent')
    table = [[row['domain'], row['language'],
              *(str(row[key]) for key in headers[2:7]), f"{row['percent']:.1f}%"] for row in rows]
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *table)]
    for line in [headers, *table]:
        click.echo('  '.join(str(cell).ljust(width) if index < 2 else str(cell).rjust(width)
                             for index, (cell, width) in enumerate(zip(line, widths))))


def _load(records, keep_going=False):
    """The releases of ``records``; stops on a problem, unless ``keep_going``: then (releases, problems)."""
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
    problems += _shared_ids(releases)
    if keep_going:
        return releases, problems
    if problems:
        _fail(InputError(problems))
    return releases


def _shared_ids(releases):
    """Two records with one id would share catalogs and outputs: the second would overwrite the first.

    The first is the record the workspace's catalog template was extracted
    from (its first reference), else the first named; every other record
    with its id is a problem.
    """
    from .problems import Problem

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


def _report_missing(release, localised):
    for language, text in localised.items():
        _report_unreviewed(release, language, text.untranslated, text.fuzzy)


def _report_unreviewed(release, language, untranslated, fuzzy):
    if untranslated or fuzzy:
        click.echo(f'{shown(release.source)}: {language}: {_strings(len(untranslated) + len(fuzzy))} '
                   f'not reviewed ({len(untranslated)} untranslated, {len(fuzzy)} fuzzy); '
                   f'a draft shows them marked'
                   + (f', the untranslated in {release.source_language}' if untranslated else ''), err=True)


def _fail(error: InputError):
    for problem in error.problems:
        click.echo(str(problem), err=True)
    count = len(error.problems)
    writing = click.get_current_context().command.name in ('render', 'update', 'translate', 'compile', 'extract', 'init')
    click.echo(f'{count} problem{"s" if count > 1 else ""} found{"; nothing was written" if writing else ""}.',
               err=True)
    raise SystemExit(1)
