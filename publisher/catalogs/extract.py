"""Catalog templates (``.pot``): every string to translate, and where it comes from.

One template per release (``locales/<id>.pot``), made from its record, and one
for the strings of the page templates (``locales/publisher.pot``).  Each entry
tells the translator where the string appears (``#:`` file and line), what it
is (``#.`` the field, the speaker of a quote) and which placeholders it holds,
so that ``msgfmt -c`` checks that a translation keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from ..messages import release_messages
from ..problems import InputError, Problem
from ..record import Release, placeholders
from ..workspace import LOCALES, TEMPLATE_DOMAIN, TEMPLATE_LANGUAGE, TEMPLATES
from . import BRACE, PERCENT
from .pofile import Entry, parse_header, po_text, read_po

@dataclass(frozen=True)
class Domain:
    """A set of strings translated together: a release's, or the templates'."""

    name: str
    source_language: str
    template: tuple[Entry, ...]
    style: str

    def languages(self, release: Release, requested=()) -> list[str]:
        """The languages this domain is translated into for ``release``."""
        return [language for language in requested or release.languages if language != self.source_language]


@dataclass(frozen=True)
class CatalogFile:
    """One catalog of the workspace: a domain in a language, at its path."""

    path: Path
    release: Release
    domain: Domain
    language: str


def catalog_files(releases, languages=(), *, notes=True) -> list[CatalogFile]:
    """Every catalog ``releases`` are translated in (into ``languages``, else all theirs), each once; without
    ``notes``, its template's entries do not say what their placeholders stand for (for counting only)."""
    found = {}
    for release in releases:
        for domain in release_domains(release, notes=notes):
            for language in domain.languages(release, languages):
                path = release.workspace.catalog(language, domain.name)
                found.setdefault(path, CatalogFile(path, release, domain, language))
    return list(found.values())


def release_domains(release: Release, *, notes=True) -> list[Domain]:
    """The release's own strings, and the templates' strings it is rendered with."""
    return [Domain(release.id, release.source_language, tuple(release_template(release, notes=notes)), BRACE),
            Domain(TEMPLATE_DOMAIN, TEMPLATE_LANGUAGE, templates_template(), PERCENT)]


def write_templates(release: Release, domains=None) -> dict[Path, tuple[bool, int]]:
    """Write the ``.pot`` files of ``release``'s domains (or of ``domains``) that changed: for each,
    whether it was written and how many strings it holds.

    All are written beside their targets first, and put in place only when
    all were written; raises InputError naming the file that could not be.
    """
    from ..atomic import write_all

    results, data = {}, {}
    try:
        for domain in release_domains(release) if domains is None else domains:
            path = release.workspace.locales / f'{domain.name}.pot'
            entries = list(extract_template_strings() if domain.name == TEMPLATE_DOMAIN else domain.template)
            data[path] = pot_text(path, domain.name, entries).encode()
            results[path] = (not path.is_file() or path.read_bytes() != data[path], len(entries))
        write_all({path: data[path] for path, (changed, _) in results.items() if changed})
    except OSError as error:
        raise InputError([Problem(error.filename, None, '', f'cannot be written: {error.strerror}')]) from None
    return results


def refresh_templates(release: Release) -> dict[Path, tuple[bool, int]]:
    """Write the ``.pot`` files ``update`` keeps current, as ``write_templates`` does: the release's
    own, and the template strings' where the workspace keeps one.

    A translation platform (Weblate's "template for new translations") reads
    the ``.pot``: after an update it holds the strings the catalogs hold.  The
    template strings' ``.pot`` is the package's unless ``extract`` wrote one
    into the workspace, so an update does not add one.
    """
    kept = release.workspace.locales / f'{TEMPLATE_DOMAIN}.pot'
    return write_templates(release, [domain for domain in release_domains(release)
                                     if domain.name != TEMPLATE_DOMAIN or kept.is_file()])


def release_template(release: Release, *, notes=True) -> list[Entry]:
    """The entries of a release's ``.pot``, in the order of its record; with ``notes``, each says what its
    placeholders stand for (written with Babel: most of the time a template takes)."""
    entries = {}
    source = _relative(release.source, release.workspace.root)
    for message in release_messages(release, notes=notes):
        reference = f'{source}:{message.line}'
        if message.key in entries:  # the same string twice: one entry, both places (each named once, as GNU does)
            known = entries[message.key]
            new = tuple(comment for comment in message.comments if comment not in known.extracted_comments)
            references = known.references + ((reference,) if reference not in known.references else ())
            entries[message.key] = known.changed(references=references,
                                                 extracted_comments=known.extracted_comments + new)
            continue
        entries[message.key] = Entry(
            msgid=message.msgid, msgctxt=message.context,
            extracted_comments=message.comments, references=(reference,),
            flags=(BRACE,) if placeholders(message.msgid) else ())
    return list(entries.values())


@lru_cache(maxsize=None)
def templates_template() -> tuple[Entry, ...]:
    """The strings of the page templates, as the package's ``publisher.pot`` lists them.

    Reading the shipped template is far quicker than extracting the strings
    from the templates again; the tests check that the two agree.
    """
    return tuple(entry.changed(line=0) for entry in read_po(LOCALES / f'{TEMPLATE_DOMAIN}.pot').entries)


def extract_template_strings() -> tuple[Entry, ...]:
    """The strings of the page templates, extracted from them (Jinja2, through Babel).

    What they gave is kept (kept.py) under the templates' names and text: extracting
    them again took a third of a second of every ``update`` of a workspace keeping its
    own ``publisher.pot``, though the templates seldom change.
    """
    from ..kept import kept

    templates = sorted(path for path in TEMPLATES.rglob('*') if path.is_file())
    made_from = [f'{path.relative_to(TEMPLATES)}\0{path.read_text(errors="surrogateescape")}' for path in templates]
    return kept('template-strings', made_from, (Path(__file__),), _extracted_template_strings)


def _extracted_template_strings() -> tuple[Entry, ...]:
    from babel.messages.extract import extract_from_dir

    entries = {}
    found = extract_from_dir(  # the extractor named by its function: finding it by name reads every package's metadata
        TEMPLATES, method_map=[('**.html', 'jinja2.ext:babel_extract'), ('**.css', 'ignore')],
        options_map={'**.html': {'extensions': 'jinja2.ext.i18n', 'trim_blocks': 'true', 'lstrip_blocks': 'true'}})
    for filename, line, message, comments, context in found:
        if isinstance(message, tuple):  # ngettext: (singular, plural, count)
            message = message[0]
        key = (context, message)
        reference = f'templates/{filename}:{line}'
        if key in entries:
            entries[key] = entries[key].changed(references=entries[key].references + (reference,))
            continue
        entries[key] = Entry(msgid=message, msgctxt=context, references=(reference,),
                             extracted_comments=tuple(comments),
                             flags=(PERCENT,) if '%(' in message else ())
    return tuple(entries.values())


def pot_text(path: Path, domain: str, entries: list[Entry]) -> str:
    """The text of ``path`` holding ``entries``; its date changes only when they do."""
    created = _now()
    if path.is_file():
        old = read_po(path)
        if old.entries == entries:
            created = parse_header(old.header.msgstr).get('POT-Creation-Date', created)
    header = Entry(msgid='', msgstr=''.join(f'{name}: {value}\n' for name, value in (
        ('Project-Id-Version', domain),
        ('POT-Creation-Date', created),
        ('MIME-Version', '1.0'),
        ('Content-Type', 'text/plain; charset=UTF-8'),
        ('Content-Transfer-Encoding', '8bit'),
    )), translator_comments=(f'Strings to translate in {domain}.',))
    return po_text(header, entries)


def _now():
    return datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M+0000')


def _relative(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()
