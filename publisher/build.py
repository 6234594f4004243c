"""Which outputs a release gets, and producing them into the output folder.

Names are stable so the web team can link to them (``dist/<id>/``):
``<id>.<lang>.html|pdf`` for a language, ``<id>.<lang1>-<lang2>.html|pdf`` for
the bilingual edition (``.print.pdf`` and ``.archive.pdf`` for PDFs made for a
press or the archive, ``.draft.html`` and ``.draft.pdf`` for drafts), and
``media/`` for the photos and attachments the HTML pages link to.  Everything is rendered in memory first and written only when
all of it succeeded, each file atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from .catalogs import BRACE, PERCENT, read_catalog, template_translations
from .extract import TEMPLATE_LANGUAGE, templates_template
from .messages import release_messages
from .problems import InputError, Problem, shown
from .record import Release, field_path

# What only rendering needs is imported where it is used: `publisher check` must start fast.
if TYPE_CHECKING:
    from concurrent.futures import Future

    from .localise import LocalisedRelease
    from .render.pdf import Embedded

FORMATS = ('html', 'pdf')


@dataclass(frozen=True)
class Output:
    path: Path
    data: bytes | Future


def choose_editions(release: Release, requested=()) -> list[tuple[str, ...]]:
    """The editions to render: each language alone, then all together (or the record's ``together``).

    ``requested`` holds languages (``ko``) and language pairs (``en-ko``, in
    the order they appear); by default the record's languages, in its order.
    """
    if not requested:
        found = [(language,) for language in release.languages]
        together = tuple(release.together or release.languages)
        return found + [together] if len(together) > 1 else found
    chosen, problems = [], []
    for name in requested:
        edition = tuple(name.split('-'))
        unknown = [language for language in edition if language not in release.languages]
        if unknown or len(set(edition)) != len(edition):
            problems.append(Problem(release.source, release.line_of('languages'), 'languages',
                                    f"cannot render '{name}': the release is in {', '.join(release.languages)}"))
        elif edition not in chosen:
            chosen.append(edition)
    if problems:
        raise InputError(problems)
    return chosen


def localise_all(release: Release, editions: list[tuple[str, ...]]) -> dict[str, LocalisedRelease]:
    """The release in every language its editions need, its catalogs and the templates' checked.

    Raises InputError with the problems of every catalog, not only the first.
    """
    from .localise import localise

    localised, problems = {}, []
    for language in dict.fromkeys(language for edition in editions for language in edition):
        try:
            localised[language] = localise(release, language)
        except InputError as error:
            problems += error.problems
        try:
            untranslated, fuzzy = unreviewed_template_strings(release, language)
            if language in localised:
                localised[language].untranslated += untranslated
                localised[language].fuzzy += fuzzy
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(problems)
    return localised


def unreviewed_template_strings(release: Release, language: str) -> tuple[list[str], list[str]]:
    """The template strings not yet reviewed in ``language``: (untranslated, fuzzy); checks the catalog."""
    untranslated, fuzzy = [], []
    if language == TEMPLATE_LANGUAGE:
        return untranslated, fuzzy
    path = release.workspace.template_catalog(language)
    template_translations(path)
    catalog = read_catalog(path, PERCENT)
    for entry in templates_template():
        if catalog.get(entry.key) is None:
            (fuzzy if catalog.is_fuzzy(entry.key) else untranslated).append(entry.msgid)
    return untranslated, fuzzy


def unreviewed_strings(release: Release, language: str) -> tuple[list[str], list[str]]:
    """The strings of ``release`` in ``language`` not yet reviewed, the templates' included:
    (untranslated, fuzzy).  Reads and checks every catalog that rendering would."""
    untranslated, fuzzy = unreviewed_template_strings(release, language)
    if language != release.source_language:
        catalog = read_catalog(release.workspace.catalog(language, release.id))
        for message in release_messages(release):
            if catalog.get(message.key) is None:
                (fuzzy if catalog.is_fuzzy(message.key) else untranslated).append(message.msgid)
    return untranslated, fuzzy


def build(releases: list[Release], requested=(), formats=FORMATS, out=Path('dist'), *,
          pdfs=None, draft=False, profile=None, archive=False, web=None,
          report=lambda release, localised: None) -> list[Output]:
    """Localise every release, then render each; nothing is written yet.

    Catalogs are all read before anything is rendered, so a broken one stops
    the run early, and so does a character no font can draw in a PDF.  A
    release with strings not yet reviewed in a language it renders is
    refused, unless ``draft``: then each of its outputs says it is a draft,
    and is named so (``<id>.en.draft.html``), never replacing a publishable one.
    ``report`` hears of each release's localisations (to tell of untranslated
    strings); ``pdfs`` renders the PDFs (see render/pdf.py) for the print
    ``profile`` (paper, press marks), as PDF/A-3b carrying their sources
    when ``archive``; ``web`` says how the HTML is published (see
    render/html.py's WebProfile).
    """
    plans, problems = [], []
    for release in releases:
        editions = choose_editions(release, requested)
        localised = localise_all(release, editions)
        not_ready = unreviewed(release, localised)
        if not draft:
            problems += not_ready
        if 'pdf' in formats:
            problems += glyph_problems(release, list(localised))
        plans.append((release, editions, localised, bool(not_ready)))
    if problems:
        raise InputError(problems)
    outputs = []
    for release, editions, localised, is_draft in plans:
        report(release, localised)
        outputs += build_release(release, editions, localised, formats, out, pdfs, is_draft, profile, archive, web)
    return outputs


def unreviewed(release: Release, localised: dict[str, LocalisedRelease]) -> list[Problem]:
    """The publish gate: a language with strings untranslated or fuzzy is not ready."""
    problems = []
    for language, text in localised.items():
        count = len(text.untranslated) + len(text.fuzzy)
        if count:
            problems.append(Problem(release.source, None, language, _not_ready(release, language, text, count)))
    return problems


def _not_ready(release, language, text, count) -> str:
    """What is not reviewed, in which catalogs, and what to do: update first if some are not in them yet."""
    in_templates = sum(map(len, unreviewed_template_strings(release, language)))
    catalogs = [path for path, missing in ((release.workspace.catalog(language, release.id), count - in_templates),
                                           (release.workspace.template_catalog(language), in_templates))
                if missing]
    folder = shown(release.source.parent)
    message = (f'{count} string{"" if count == 1 else "s"} not reviewed ({len(text.untranslated)} untranslated, '
               f'{len(text.fuzzy)} fuzzy) in {" and ".join(shown(path) for path in catalogs)}')
    absent = _not_in_catalogs(release, language)
    if absent:
        message += (f'; {absent} {"is" if absent == 1 else "are"} not in {"it" if len(catalogs) == 1 else "them"} yet: '
                    f'first run: publisher update {folder} -l {language}; then translate')
    else:
        message += '; translate'
    return (message + f' them there, or review machine drafts with: publisher review {folder} '
            f'-l {language}; or render a marked draft with --draft')


def _not_in_catalogs(release: Release, language: str) -> int:
    """How many of the strings are missing from the catalogs altogether (the record changed since update)."""
    count = 0
    if language != release.source_language:
        entries = read_catalog(release.workspace.catalog(language, release.id)).entries
        count += sum(message.key not in entries for message in release_messages(release))
    if language != TEMPLATE_LANGUAGE:
        entries = read_catalog(release.workspace.template_catalog(language), PERCENT).entries
        count += sum(entry.key not in entries for entry in templates_template())
    return count


def build_release(release: Release, editions, localised: dict[str, LocalisedRelease],
                  formats=FORMATS, out=Path('dist'), pdfs=None, draft=False, profile=None,
                  archive=False, web=None) -> list[Output]:
    """Render every edition of ``release`` in every format; PDFs arrive as futures from ``pdfs``."""
    from .render.html import Media, PrintProfile, WebProfile, edition_links, render_page

    profile = profile or PrintProfile()
    web = web or WebProfile()

    folder = Path(out) / release.id
    outputs = []
    media = Media(f'{web.folder(release.id)}media/', inline_images=web.inline_images)
    for edition in editions:
        releases = [localised[language] for language in edition]
        stem = f'{release.id}.{"-".join(edition)}' + ('.draft' if draft else '')
        if 'html' in formats:
            links = edition_links(release.id, choose_editions(release), edition, web, draft=draft)
            html = render_page(releases, release.workspace, print=False, media=media, links=links, draft=draft)
            outputs.append(Output(folder / f'{stem}.html', html.encode()))
            if len(edition) == 1:
                fragment = render_page(releases, release.workspace, print=False, media=media, draft=draft,
                                       fragment=True)
                outputs.append(Output(folder / f'{stem}.fragment.html', fragment.encode()))
        if 'pdf' in formats:
            web_media = f'{web.folder(release.id)}media/' if web.base_url else None
            html = render_page(releases, release.workspace, print=True, media=Media.for_print(web_media), draft=draft,
                               profile=profile)
            _check_glyphs(release, html)
            created = datetime.combine(release.published, time(), timezone.utc)
            outputs.append(Output(folder / pdf_name(stem, profile, archive), pdfs.submit(
                html, release.workspace, source=release.source, embedded=embedded_files(release, edition, releases, archive),
                archive=archive, created=created)))
    outputs += [Output(folder / 'media' / name, path.read_bytes()) for name, path in media.files.items()]
    return outputs


def pdf_name(stem: str, profile, archive: bool) -> str:
    """A PDF for a print shop or for the archive is named so, never taking the name of the everyday PDF:
    ``<id>.en.pdf``, ``<id>.en.print.pdf``, ``<id>.en.archive.pdf``."""
    return stem + ('.print' if profile.press else '') + ('.archive' if archive else '') + '.pdf'


def embedded_files(release: Release, edition, releases: list[LocalisedRelease], archive: bool) -> list[Embedded]:
    """What an edition's PDF carries: the release's attachments, so that the PDF is whole when sent on
    alone, and for the archive the record and catalogs it was made from."""
    from .render.pdf import Embedded

    files = [Embedded(attachment.file, attachment.file.name, 'Supplement', str(attachment.title))
             for attachment in releases[0].attachments]
    if archive:
        files += [Embedded(path, name, 'Source', 'The source this release was rendered from')
                  for path, name in archived_sources(release, edition)]
    return files


def archived_sources(release: Release, edition) -> list[tuple[Path, str]]:
    """The record and every catalog an edition is rendered from, with their names in the archive."""
    paths = [release.source.resolve()]
    for language in edition:
        if language != release.source_language:
            paths.append(release.workspace.catalog(language, release.id))
        if language != TEMPLATE_LANGUAGE:
            paths.append(release.workspace.template_catalog(language))
    return [(path, _archive_name(path, release.workspace.root)) for path in paths if path.is_file()]


def _archive_name(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return f'publisher/{path.name}'


def glyph_problems(release: Release, languages) -> list[Problem]:
    """Characters no shipped font can draw, in the record or in a translation into ``languages``,
    each where it is written: the file, line and field."""
    from .render.fonts import unprintable

    def problems_in(text, path, line, field):
        return [Problem(path, line, field, f'no font can draw {char!r} (U+{ord(char):04X}) in «{context}»')
                for char, context in unprintable(text)]

    problems = []
    for location, text in _strings(release.model_dump(warnings=False), ()):
        problems += problems_in(text, release.source, release.line_of(*location), field_path(location))
    catalogs = [(release.workspace.catalog(language, release.id), BRACE)
                for language in languages if language != release.source_language]
    catalogs += [(release.workspace.template_catalog(language), PERCENT)
                 for language in languages if language != TEMPLATE_LANGUAGE]
    for path, style in dict.fromkeys(catalogs):
        catalog = read_catalog(path, style)
        for entry in catalog.entries.values():
            if not entry.fuzzy:
                for text in entry.msgstr_plural or (entry.msgstr,):
                    problems += problems_in(text, path, entry.msgstr_line, 'msgstr')
    return problems


def _strings(value, location):
    """Every string in a record's data, with where it is."""
    if isinstance(value, str):
        yield location, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, location + (key,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _strings(item, location + (index,))


def _check_glyphs(release: Release, html: str):
    """Stop a render that would print a box.  The record and catalogs were checked (glyph_problems);
    this catches what the page itself adds, such as a date Babel writes with a character no font has."""
    from .render.fonts import unprintable

    problems = [Problem(release.source, None, 'font', f"no font can draw {char!r} (U+{ord(char):04X}) in «{context}»")
                for char, context in unprintable(html, markup=True)]
    if problems:
        raise InputError(problems)


def write_outputs(outputs: list[Output]) -> list[Path]:
    """Wait for every output, then write each atomically; nothing is written if one failed."""
    from concurrent.futures import Future

    from .atomic import write_atomic

    finished = [Output(output.path, output.data.result() if isinstance(output.data, Future) else output.data)
                for output in outputs]
    for output in finished:
        write_atomic(output.path, output.data)
    return [output.path for output in finished]
