"""How far a release's translation into a language has come: the one reckoning of what is left to review.

``status`` counts it, ``check`` reports it and ``render`` refuses to publish
a language while any is left, all through ``release_progress``: the catalogs
that rendering reads (the release's own, and the template strings' catalog
of the workspace, else the package's), each string counted once however
often the record repeats it, since a translator reviews it once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..workspace import TEMPLATE_DOMAIN, TEMPLATE_LANGUAGE
from . import BRACE, PERCENT, Counts, count, read_catalog


@dataclass(frozen=True)
class Progress:
    """One catalog a release is rendered with in a language, and its strings not yet reviewed."""

    domain: str
    language: str
    path: Path
    style: str
    counts: Counts
    untranslated: tuple[str, ...]  # the source texts
    fuzzy: tuple[str, ...]

    @property
    def unreviewed(self) -> int:
        return len(self.untranslated) + len(self.fuzzy)


def release_progress(release, language: str) -> list[Progress]:
    """The catalogs rendering ``release`` in ``language`` reads, each with its strings counted; reads and
    checks each (InputError if one cannot be trusted)."""
    return [catalog_progress(domain, language, path, style, strings)
            for language, domain, path, style, strings in release_catalogs(release, [language])]


def release_catalogs(release, languages) -> list[tuple[str, str, Path, str, dict]]:
    """(language, domain, path, style, strings by key) of each catalog rendering ``release`` in ``languages``
    reads: the release's own first, then the template strings'."""
    from ..messages import release_messages
    from .extract import templates_template

    strings = {BRACE: {message.key: message.msgid for message in release_messages(release)},
               PERCENT: {entry.key: entry.msgid for entry in templates_template()}}
    return [(language, domain, path, style, strings[style])
            for language, domain, path, style in catalog_paths(release, languages)]


def catalog_paths(release, languages) -> list[tuple[str, str, Path, str]]:
    """(language, domain, path, style) of each catalog rendering ``release`` in ``languages`` reads: the
    release's own (its strings in the BRACE style), then the template strings' (PERCENT).  Needs only the
    release's id, source language and workspace, so that ``status`` can find the catalogs of a release it
    read back without its record."""
    return [(language, release.id, release.workspace.catalog(language, release.id), BRACE)
            for language in languages if language != release.source_language] + [
           (language, TEMPLATE_DOMAIN, release.workspace.template_catalog(language), PERCENT)
            for language in languages if language != TEMPLATE_LANGUAGE]


def catalog_progress(domain: str, language: str, path: Path, style: str, strings: dict) -> Progress:
    """The catalog at ``path`` counted against ``strings`` (source texts by key)."""
    catalog = read_catalog(path, style)
    untranslated, fuzzy = [], []
    for key, msgid in strings.items():
        if catalog.get(key) is None:
            (fuzzy if catalog.is_fuzzy(key) else untranslated).append(msgid)
    return Progress(domain, language, path, style, count(catalog.po, strings), tuple(untranslated), tuple(fuzzy))
