"""Which outputs a release gets, and producing them into the output folder.

Names are stable so the web team can link to them (``dist/<id>/``):
``<id>.<lang>.html|pdf|hwpx`` for a language, ``<id>.<lang1>-<lang2>.html|pdf|hwpx`` for
the bilingual edition (``.print.pdf`` and ``.archive.pdf`` for PDFs made for a
press or the archive, ``.draft.html`` and ``.draft.pdf`` for drafts), and
``media/`` for the photos, attachments and font subsets the HTML pages link to.

Each format is a kind of output (``KINDS``): a function that gives the
outputs of one edition.  A render redoes only what changed: each release
folder keeps a manifest of what its outputs were made from (see
manifest.py); a release whose inputs did not change is not rendered at all,
and a PDF whose key (its print HTML and every file it reads) did not change
is not laid out again.  Every file of a run is written under a temporary
name first and renamed only when all of them were (see atomic.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timezone
from functools import cached_property
from pathlib import Path
from concurrent.futures import Future
from typing import TYPE_CHECKING

from pydantic import BaseModel

from .catalogs import BRACE, PERCENT, read_catalog, template_translations
from . import manifest
from .catalogs.extract import templates_template
from .catalogs.progress import catalog_progress, release_catalogs, release_progress
from .installation import software
from .messages import release_messages
from .problems import InputError, Problem, shown
from .publishing import history as histories, moments
from .publishing.diff import unannounced
from .publishing.publication import Publication, publication
from .record import Release, field_path
from .style import STYLE
from .workspace import TEMPLATE_DOMAIN, TEMPLATE_LANGUAGE

# What only rendering needs is imported where it is used: `publisher check` must start fast.
if TYPE_CHECKING:
    from .localise import LocalisedRelease
    from .render.pdf import Embedded

FORMATS = ('html', 'pdf', 'hwpx')


@dataclass(frozen=True)
class Output:
    """A file to write: its bytes, a PDF on its way, or None when the file there is current."""

    path: Path
    data: bytes | Future | None
    key: str = ''


@dataclass
class ReleaseOutputs:
    """Everything a render gives one release, and what its manifest will say."""

    record: Path
    folder: Path
    outputs: list[Output]
    request: str
    inputs: dict | None = None  # None: nothing was rendered, the manifest stays as it is
    previous: dict | None = None  # the manifest's requests and outputs that are still true, kept in the new one
    software: str = ''
    history: bytes | None = None  # what has been published of it, when this render publishes it (publishing/history.py)
    held_until: str | None = None  # while its embargo holds it back: when its pages must be rendered again
    embargo_lifted: str | None = None  # published, its embargo (or distribution) past: before then, held back again
    unannounced: dict = field(default_factory=dict)  # by language, the published lines it changes with no correction
    held_by: str | None = None  # while held back: 'embargo', or 'distribution' for a release without one


@dataclass(frozen=True)
class Written:
    path: Path
    status: str  # 'written' or 'unchanged'
    seconds: float | None = None  # how long a PDF took to render


class Inputs:
    """What a run knows of the files it reads: the records' states taken before they were loaded,
    the states of other files (each read once), and the digests of the software and of publisher's code."""

    def __init__(self, records: dict | None = None):
        self.records = records or {}
        self.states = manifest.States()
        self._read = {}

    def state(self, path: Path) -> dict | None:
        if path not in self._read:
            own = path in self._own_files
            self._read[path] = manifest.own_file_state(path) if own else manifest.file_state(path)
        return self._read[path]

    def sha256(self, path: Path) -> str | None:
        state = self.state(path)
        return state and state['sha256']

    @cached_property
    def software(self) -> str:
        return software()

    @cached_property
    def package_files(self) -> list[Path]:
        return manifest.package_files()

    @cached_property
    def _own_files(self) -> set[Path]:
        return set(self.package_files)

    @cached_property
    def code(self) -> str:
        """The digest of publisher's own code, which shapes every PDF."""
        files = [path for path in self.package_files if path.suffix == '.py']
        return manifest.digest(''.join(f'{path}:{self.sha256(path)}\n' for path in files).encode())


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
    """The template strings not yet reviewed in ``language``: (untranslated, fuzzy); checks the catalog.

    Only the template strings' catalog is read: the release's own is localise's, whose problems
    are reported once."""
    untranslated, fuzzy = [], []
    for _, domain, path, style, strings in release_catalogs(release, [language]):
        if domain == TEMPLATE_DOMAIN:
            template_translations(path)
            progress = catalog_progress(domain, language, path, style, strings)
            untranslated, fuzzy = list(progress.untranslated), list(progress.fuzzy)
    return untranslated, fuzzy


def unreviewed_strings(release: Release, language: str) -> tuple[list[str], list[str]]:
    """The strings of ``release`` in ``language`` not yet reviewed, the templates' included, each once:
    (untranslated, fuzzy).  Reads and checks every catalog that rendering would (see catalogs/progress.py)."""
    untranslated, fuzzy = [], []
    for progress in release_progress(release, language):
        untranslated += progress.untranslated
        fuzzy += progress.fuzzy
    return untranslated, fuzzy


def build(releases: list[Release], requested=(), formats=FORMATS, out=Path('dist'), *,
          pdfs=None, draft=False, profile=None, archive=False, web=None, force=False, inputs=None, now=None,
          report=lambda release, localised: None) -> list[ReleaseOutputs]:
    """Localise every release that changed, then render each; nothing is written yet.

    Catalogs are all read before anything is rendered, so a broken one stops
    the run early, and so does a character no font can draw in a PDF.  A
    release with strings not yet reviewed in a language it renders is
    refused, unless ``draft``: then each of its outputs says it is a draft,
    and is named so (``<id>.en.draft.html``), never replacing a publishable one.
    ``report`` hears of each release's localisations (to tell of untranslated
    strings); ``pdfs`` renders the PDFs (see render/pdf.py) for the print
    ``profile`` (paper, press marks), as PDF/A-3b carrying their sources
    when ``archive``; ``web`` says how the HTML is published (see
    render/html.py's WebProfile).  A release whose manifest says nothing
    changed is passed over, unless ``force``.  The render happens as of
    ``now`` (the clock by default): a release whose embargo is later is held
    back (see publishing/), and one that is published gets its history kept.
    """
    from .render.html import PrintProfile, WebProfile

    profile, web = profile or PrintProfile(), web or WebProfile()
    inputs = inputs or Inputs()
    now = now or moments.now()
    request = manifest.request_key(locales=requested, formats=formats, draft=draft,
                                   paper=profile.paper, press=profile.press, archive=archive, base_url=web.base_url,
                                   inline_images=web.inline_images, fonts=web.fonts)
    plans, problems, results = [], [], []
    for release in releases:
        folder = Path(out) / release.id
        previous = manifest.read(folder)
        if previous is not None and previous['record'] != str(release.source.resolve()):
            previous = None
        found = {} if force or previous is None else {previous['record']: (folder, previous)}
        current = manifest.unchanged_outputs(release.source, request, found, inputs.states, inputs.software, now)
        if current is not None:
            results.append(ReleaseOutputs(release.source, folder, [Output(path, None) for path in current], request))
            continue
        editions = choose_editions(release, requested)
        # Taken before the files are read: a file edited during the run is seen as changed next time.
        states = release_inputs(release, editions, inputs)
        localised = localise_all(release, editions)
        not_ready = unreviewed(release, localised)
        if not draft:
            problems += not_ready
        if not not_ready and not moments.held_until(release, now):
            history = histories.read(folder, release.id)
            problems += correction_problems(release, now, history, localised)
            problems += uncorrected_outputs(release, folder, history, editions, formats, profile, archive)
        if 'pdf' in formats:
            problems += glyph_problems(release, list(localised))
        plans.append((release, editions, localised, bool(not_ready), states, previous))
    if problems:
        raise InputError(problems)
    for release, editions, localised, is_draft, states, previous in plans:
        report(release, localised)
        folder = Path(out) / release.id
        history = histories.read(folder, release.id)
        published = publication(release, history, now, web.base_url)
        publishes = not is_draft and not published.held
        kept = earlier_versions(folder, release.id, history, published) if publishes else []
        texts = {language: histories.published_text(text) for language, text in localised.items()}
        silent = unannounced(history, texts, published.version) if publishes else {}
        goes_out = moments.goes_out(release)
        if publishes:
            history = histories.after(history, published, texts, [output.path.name for output in kept])
        job = Job(release, localised, folder, pdfs, is_draft, profile, archive, web, inputs,
                  {} if force or previous is None else previous['outputs'],
                  publication(release, history, now, web.base_url, web.folder(release.id)))
        outputs = build_release(job, editions, formats)
        still_true = previous is not None and previous['software'] == inputs.software and all(
            inputs.states.matches(path, recorded) for path, recorded in previous['inputs'].items())
        results.append(ReleaseOutputs(
            release.source, job.folder, outputs + kept, request, states, previous if still_true else None,
            inputs.software, history.to_bytes() if publishes else None, published.available,
            moments.utc(goes_out) if goes_out and not published.held else None, silent,
            moments.held_by(release) if published.available else None))
    return results


def correction_problems(release: Release, now: datetime, history, localised) -> list[Problem]:
    """What stops a render from publishing the corrections of ``release`` in ``localised`` (its languages):
    a correction dated after the moment of the render (it is published when it is made, and a feed's
    ``updated`` never gives a moment that has not come yet); a new one rendered in some of the languages
    the release was published in, which would leave the others uncorrected under the new version."""
    problems = [Problem(release.source, release.line_of('corrections', index, 'when'), f'corrections[{index}].when',
                        f'{correction.when.isoformat()} is after the moment of this render ({moments.utc(now)}): a '
                        'correction is published when it is made; render it then')
                for index, correction in enumerate(release.corrections) if correction.when > now]
    left_out = [language for language in history.text if language in release.languages and language not in localised]
    if history.version and 1 + len(release.corrections) > history.version and left_out:
        last = len(release.corrections) - 1
        problems.append(Problem(release.source, release.line_of('corrections', last), f'corrections[{last}]',
                                f'a correction goes out in every language the release was published in at once: '
                                f'render {", ".join(left_out)} too'))
    return problems


def uncorrected_outputs(release: Release, folder: Path, history, editions, formats, profile,
                        archive: bool) -> list[Problem]:
    """A new correction rendered in fewer formats or editions than the release was published in (``-f html``):
    the PDFs and HWPX documents left out would stay the current files, uncorrected, with a superseded copy of
    them made as if they had been replaced.  Only the files a run like this one makes are asked for (an
    everyday PDF, not a print shop's ``.print.pdf``): those the others make are theirs to render."""
    if not history.version or 1 + len(release.corrections) <= history.version:
        return []
    made = set(output_names(release.id, editions, formats, profile, archive))
    left_out = {}
    for name in sorted(current_documents(folder, release.id)):
        edition = tuple(name.removeprefix(release.id + '.').split('.')[0].split('-'))
        kind = Path(name).suffix.removeprefix('.')
        if (all(language in release.languages for language in edition) and name not in made
                and name in output_names(release.id, [edition], [kind], profile, archive)):
            left_out[name] = (edition, kind)
    if not left_out:
        return []
    kinds = [kind for kind in FORMATS if kind not in formats and kind in {kind for _, kind in left_out.values()}]
    missing = list(dict.fromkeys(edition for edition, _ in left_out.values() if edition not in editions))
    options = [f'-f {kind}' for kind in kinds] + [f'-l {"-".join(edition)}' for edition in missing]
    without = ' and '.join(flag for flag, needed in (('-f', kinds), ('-l', missing)) if needed)
    last = len(release.corrections) - 1
    return [Problem(release.source, release.line_of('corrections', last), f'corrections[{last}]',
                    f'a correction goes out in every format the release was published in at once: '
                    f'{", ".join(left_out)} would stay uncorrected; render {" ".join(options)} too, '
                    f'or without {without}')]


def output_names(release_id: str, editions, formats, profile, archive: bool) -> list[str]:
    """The PDFs and HWPX documents a publishable render of ``editions`` in ``formats`` writes."""
    stems = [f'{release_id}.{"-".join(edition)}' for edition in editions]
    return ([pdf_name(stem, profile, archive) for stem in stems] if 'pdf' in formats else []) + (
        [f'{stem}.hwpx' for stem in stems] if 'hwpx' in formats else [])


def current_documents(folder: Path, release_id: str) -> list[str]:
    """The names of the PDFs and HWPX documents of the version in ``folder``: neither drafts nor earlier versions'."""
    return [path.name for path in [*folder.glob(f'{release_id}.*.pdf'), *folder.glob(f'{release_id}.*.hwpx')]
            if '.draft.' not in path.name and not histories.is_earlier(path.name, release_id)]


def earlier_versions(folder: Path, release_id: str, history, published: Publication) -> list[Output]:
    """The PDFs and HWPX documents of the version a correction supersedes, kept under their version's names
    (``<id>.v1.en.pdf``) and marked superseded, so that a link saved to one still finds it and learns it was
    replaced."""
    from .render.superseded import mark_superseded

    if not history.version or published.version <= history.version:
        return []
    kept = []
    for path in sorted(folder / name for name in current_documents(folder, release_id)):
        name = histories.earlier_name(path.name, release_id, history.version)
        if (folder / name).exists():
            continue
        kept.append(Output(folder / name, mark_superseded(path.read_bytes(), history.version, published.updated,
                                                          path.name)))
    return kept


def release_inputs(release: Release, editions, inputs: Inputs) -> dict[str, dict | None]:
    """Every file rendering ``release`` in ``editions`` reads, with its state now (None: absent).

    Also the ``locales`` folders that do not exist between the record and its
    workspace: one appearing would make another workspace of it; and the
    workspace's house style, which decides how amounts are written, whether
    the file is there or not.  (The glossary shapes no output: ``check`` and
    the drafts read it each time.)
    """
    workspace = release.workspace
    paths = [photo.file for photo in release.photos] + [attachment.file for attachment in release.attachments]
    for language in dict.fromkeys(language for edition in editions for language in edition):
        if language != release.source_language:
            paths.append(workspace.catalog(language, release.id))
        paths.append(workspace.catalog(language, TEMPLATE_DOMAIN))
    folder = release.source.resolve().parent
    paths += [parent / 'locales' for parent in (folder, *folder.parents) if parent.is_relative_to(workspace.root)
              and parent != workspace.root]
    paths.append(workspace.root / STYLE)  # the house style writes facts: absent, or changed, it renders again
    record = str(release.source.resolve())
    states = {record: inputs.records[record] if record in inputs.records else manifest.file_state(Path(record))}
    for path in map(Path.resolve, map(Path, paths)):
        states[str(path)] = inputs.state(path)
    # Found under the package's resolved folders, publisher's own files need no resolving.
    states.update({str(path): inputs.state(path) for path in inputs.package_files})
    return states


def unreviewed(release: Release, localised: dict[str, LocalisedRelease]) -> list[Problem]:
    """The publish gate: a language with strings untranslated or fuzzy is not ready, as status and check
    count them (catalogs/progress.py)."""
    problems = []
    for language in localised:
        catalogs = [progress for progress in release_progress(release, language) if progress.unreviewed]
        if catalogs:
            problems.append(Problem(release.source, None, language, _not_ready(release, language, catalogs)))
    return problems


def _not_ready(release, language, catalogs) -> str:
    """What is not reviewed, in which catalogs, and what to do: update first if some are not in them yet."""
    count = sum(progress.unreviewed for progress in catalogs)
    untranslated = sum(len(progress.untranslated) for progress in catalogs)
    folder = shown(release.source.parent)
    message = (f'{count} string{"" if count == 1 else "s"} not reviewed ({untranslated} untranslated, '
               f'{count - untranslated} fuzzy) in {" and ".join(shown(progress.path) for progress in catalogs)}')
    absent = _not_in_catalogs(release, language)
    if absent:
        message += (f'; {absent} {"is" if absent == 1 else "are"} not in {"it" if len(catalogs) == 1 else "them"} yet: '
                    f'first run: publisher update {folder} -l {language}; then translate')
    elif not untranslated:  # drafts only: translate fills empty entries, review is what they need
        return (message + f'; review them with: publisher review {folder} -l {language} (or edit them there and '
                'remove their fuzzy flag); or render a marked draft with --draft')
    else:
        message += '; translate'
    return (message + f' them there or draft them with: publisher translate {folder} -l {language}; review drafts '
            f'with: publisher review {folder} -l {language}; or render a marked draft with --draft')


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


@dataclass
class Job:
    """What rendering one release needs, shared by every kind of output."""

    release: Release
    localised: dict[str, LocalisedRelease]
    folder: Path
    pdfs: object
    draft: bool
    profile: object
    archive: bool
    web: object
    inputs: Inputs
    previous: dict  # the outputs of the manifest, by name
    publication: Publication | None = None
    media: object = None
    print_jobs: dict = field(default_factory=dict)  # by language: see print_job
    pdf_futures: dict = field(default_factory=dict)  # by edition: see edition_pdf

    def stem(self, edition) -> str:
        return f'{self.release.id}.{"-".join(edition)}' + ('.draft' if self.draft else '')

    def is_current(self, path: Path, key: str) -> bool:
        """Whether the file at ``path`` was made from ``key`` and is still as it was written."""
        recorded = self.previous.get(path.name)
        return bool(recorded) and recorded.get('key') == key and self.inputs.states.matches(str(path), recorded)


def html_outputs(job: Job, edition) -> list[Output]:
    """The HTML page of an edition and, for one language, its fragment."""
    from .render.html import edition_links, render_page, web_ids

    releases = [job.localised[language] for language in edition]
    stem = job.stem(edition)
    links = edition_links(job.release.id, choose_editions(job.release), edition, job.web, draft=job.draft)
    html = render_page(releases, job.release.workspace, print=False, media=job.media, links=links, draft=job.draft,
                       publication=job.publication, ids=web_ids(stem))
    outputs = [Output(job.folder / f'{stem}.html', html.encode())]
    if len(edition) == 1:
        fragment = render_page(releases, job.release.workspace, print=False, media=job.media, draft=job.draft,
                               fragment=True, publication=job.publication, ids=web_ids(stem))
        outputs.append(Output(job.folder / f'{stem}.fragment.html', fragment.encode()))
    return outputs


def pdf_outputs(job: Job, edition) -> list[Output]:
    """The PDF of an edition, unless the one there was made from the same inputs."""
    path = job.folder / pdf_name(job.stem(edition), job.profile, job.archive)
    key = edition_pdf_key(job, edition)
    return [Output(path, None if job.is_current(path, key) else edition_pdf(job, edition), key)]


@dataclass(frozen=True)
class PrintJob:
    """What laying out one language's PDF takes, and the key of that PDF."""

    html: str
    files: list[Path]  # the photos and fonts the HTML links: all WeasyPrint may read, with ``embedded``
    embedded: list
    created: datetime
    key: str


def print_job(job: Job, language: str) -> PrintJob:
    """The print HTML of the release in ``language`` and what its PDF carries; made once a run."""
    from .render.html import Media, render_page

    if language not in job.print_jobs:
        release, web = job.release, job.web
        releases = [job.localised[language]]
        web_media = f'{web.folder(release.id)}media/' if web.base_url else None
        media = Media.for_print(web_media)
        html = render_page(releases, release.workspace, print=True, media=media, draft=job.draft, profile=job.profile,
                           publication=job.publication)
        _check_glyphs(release, html)
        created = datetime.combine(release.published, time(), timezone.utc)
        embedded = embedded_files(release, (language,), releases, job.archive)
        files = sorted(media.read)
        job.print_jobs[language] = PrintJob(html, files, embedded, created,
                                            pdf_key(html, files, embedded, job.archive, created, job.inputs))
    return job.print_jobs[language]


def edition_pdf_key(job: Job, edition) -> str:
    """A PDF's key: for one language, its print HTML's and files' (pdf_key); for several, the keys of
    their PDFs and what the bound PDF says of itself."""
    if len(edition) == 1:
        return print_job(job, edition[0]).key
    properties = pdf_properties(job, edition)
    parts = [f'bound:{properties.title}:{properties.keywords}']
    parts += [print_job(job, language).key for language in edition]
    return manifest.digest('\n'.join(parts).encode())


def pdf_properties(job: Job, edition):
    """What a bound PDF says of itself: the title and keywords its page would have."""
    from .render.assemble import Properties
    from .render.html import page_keywords, page_title

    releases = [job.localised[language] for language in edition]
    return Properties(page_title(releases), page_keywords(releases, job.draft))


def edition_pdf(job: Job, edition) -> Future:
    """The future of an edition's PDF.  Each language is laid out once a run; an edition of several is
    bound from their PDFs (see render/assemble.py), read from the folder when they are current there."""
    if edition not in job.pdf_futures:
        if len(edition) == 1:
            printed = print_job(job, edition[0])
            job.pdf_futures[edition] = job.pdfs.submit(
                printed.html, job.release.workspace, source=job.release.source, files=printed.files,
                embedded=printed.embedded,
                archive=job.archive, created=printed.created)
        else:
            job.pdf_futures[edition] = job.pdfs.assemble(
                [(language, _language_pdf(job, language)) for language in edition], pdf_properties(job, edition),
                source=job.release.source)
    return job.pdf_futures[edition]


def _language_pdf(job: Job, language: str) -> Future:
    """The future of ``language``'s PDF for binding: the file there if it is current, else its render."""
    path = job.folder / pdf_name(job.stem((language,)), job.profile, job.archive)
    if job.is_current(path, print_job(job, language).key):
        done = Future()
        done.set_result(path.read_bytes())
        return done
    return edition_pdf(job, (language,))


def pdf_key(html: str, files: list[Path], embedded, archive: bool, created, inputs: Inputs) -> str:
    """The digest of everything a PDF is made of: its print HTML, the ``files`` it links (fonts, photos:
    the only ones its renderer may read, never files merely named in its text), the files it carries,
    its variant and date, publisher's code and the installed software."""
    parts = [html, str(archive), str(created), inputs.code, inputs.software]
    parts += [f'{path}:{inputs.sha256(path)}' for path in files]
    parts += [f'{file.name}:{file.relationship}:{file.description}:{inputs.sha256(Path(file.path))}'
              for file in embedded]
    return manifest.digest('\n'.join(parts).encode())


def hwpx_outputs(job: Job, edition) -> list[Output]:
    """The HWPX document of an edition, for Hancom Office."""
    from .render.hwpx import render_hwpx

    releases = [job.localised[language] for language in edition]
    corrected = job.publication.updated if job.publication and job.publication.version > 1 else None
    return [Output(job.folder / f'{job.stem(edition)}.hwpx', render_hwpx(releases, job.release.workspace,
                                                                         paper=job.profile.paper, draft=job.draft,
                                                                         corrected=corrected))]


#: The kinds of output, by format: each gives the outputs of one edition of a release.
KINDS = {'html': html_outputs, 'pdf': pdf_outputs, 'hwpx': hwpx_outputs}


def build_release(job: Job, editions, formats=FORMATS) -> list[Output]:
    """Render every edition of a release in every format; PDFs arrive as futures from ``job.pdfs``."""
    from .render.html import Media

    job.media = Media(f'{job.web.folder(job.release.id)}media/', inline_images=job.web.inline_images)
    made = {}
    for kind in sorted(formats, key=lambda kind: kind != 'pdf'):  # the PDFs first: the workers render them
        for edition in editions:                                   # while this process makes the rest
            made[edition, kind] = KINDS[kind](job, edition)
    outputs = [output for edition in editions for kind in formats for output in made[edition, kind]]
    outputs += [Output(job.folder / 'media' / name, path.read_bytes()) for name, path in job.media.files.items()]
    return with_web_fonts(outputs, f'{job.web.folder(job.release.id)}media/', fragments=job.web.fonts)


def with_web_fonts(outputs: list[Output], media_url: str, fragments=False) -> list[Output]:
    """The HTML pages (and fragments, if asked) with the package's fonts, their subsets added to ``media/``.

    Each page gets the subsets of its own characters, so that a page changes
    only when its own text does, whatever else a run renders; the subsets
    are named by their content, so pages that draw the same characters share them.
    """
    from .render.webfonts import web_fonts

    styled, fonts = {}, {}
    for output in outputs:
        if output.path.suffix == '.html' and (fragments or not output.path.name.endswith('.fragment.html')):
            pages, files = web_fonts({output.path: output.data.decode()}, media_url)
            styled.update(pages)
            fonts.update(files)
    if not styled:
        return outputs
    media = next(iter(styled)).parent / 'media'
    return ([Output(output.path, styled[output.path].encode()) if output.path in styled else output
             for output in outputs] + [Output(media / name, data) for name, data in sorted(fonts.items())])


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
    for location, text in _strings(release, ()):
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
    """Every string in a record's data, with where it is: read from its fields, as ``model_dump`` would give
    them, without building the record's serializer (about 10 ms in each process) for a walk."""
    if isinstance(value, str):
        yield location, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _strings(getattr(value, name), location + (name,))
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


def write_outputs(results: list[ReleaseOutputs], done=lambda result, written: None, force=False) -> list[Written]:
    """Wait for every output and write it, with each release's manifest: all or nothing.

    Each file goes to a temporary name as soon as it is ready; only when all
    of them are there are they renamed over the old ones (see atomic.py), so
    a failure part-way (a full disk, a read-only folder, a file where a
    folder should be) leaves every earlier output as it was.  ``done`` hears
    of each release when its files are ready.  With ``force``, files are
    rewritten even when they hold the same bytes already.
    """
    from .atomic import Staging

    written = []
    with Staging() as staging:
        for result in results:
            staged = {}
            # What is ready first, while the workers finish the PDFs; then the PDFs, as they come.
            for output in sorted(result.outputs, key=_still_rendering):
                data = output.data.result() if isinstance(output.data, Future) else output.data
                seconds = getattr(output.data, 'seconds', None)
                if data is None or (not force and _holds(output.path, data)):
                    state = manifest.file_state(output.path) if result.inputs is not None else None
                    staged[output.path] = Written(output.path, 'unchanged', seconds), state
                else:
                    staged[output.path] = Written(output.path, 'written', seconds), staging.add(output.path, data)
            mine = [staged[output.path][0] for output in result.outputs]
            states = {output.path.relative_to(result.folder).as_posix(): {**staged[output.path][1], 'key': output.key}
                      for output in result.outputs if staged[output.path][1] is not None}
            if result.inputs is not None:
                staging.add(result.folder / manifest.NAME, _manifest(result, states))
            if result.history is not None:
                staging.add(result.folder / histories.NAME, result.history)
            written += mine
            done(result, mine)
        staging.commit()
    return written


def _still_rendering(output: Output) -> bool:
    return isinstance(output.data, Future) and not output.data.done()


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _manifest(result: ReleaseOutputs, states: dict) -> bytes:
    """The release's manifest after this run: its inputs, and the outputs of this request and of earlier
    ones, kept only if their inputs are still as they were (a render with other options, say)."""
    previous = result.previous or {'inputs': {}, 'requests': {}, 'outputs': {}}
    outputs = {**previous['outputs'], **states}
    requests = {**previous['requests'], result.request: {name: state['sha256'] for name, state in states.items()}}
    return manifest.manifest_bytes(result.record, {**previous['inputs'], **result.inputs}, result.software,
                                   requests, outputs, stale_after=result.held_until,
                                   stale_before=result.embargo_lifted, held_by=result.held_by)
