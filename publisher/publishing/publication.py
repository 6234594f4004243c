"""A release as one render publishes it: held back or out, the moments its pages give, and its entry id.

Every page of a release says in its head what feeds and the sitemap need
(``dcterms.created`` and ``dcterms.modified``: the moments it was published
and last corrected, in UTC; ``dcterms.identifier``: its feed entry's id;
``dcterms.available``: while held back, the moment its embargo lifts).

Entry ids are ``tag:`` URIs (RFC 4151): ``tag:www.example.go.kr,2026-12-04:<id>.<lang>``,
the authority being the site's host when the release was first published
(``--base-url``), else the domain of its first contact's e-mail.  The id is
kept in the release's history (see history.py), so it stays the same when
the site moves, as Atom requires (RFC 4287, 4.2.6).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from . import moments
from .history import History

#: The authority of entry ids when neither a site nor an e-mail names one: reserved (RFC 2606), so it
#: can be no one's; give --base-url on a release's first render to have ids under the site's own name.
NO_AUTHORITY = 'publisher.invalid'


#: The list, in the output folder, of the release folders an embargo holds back: rsync's --exclude-from reads
#: it, so that a site synced from the folder has none of their files before their time.
HELD_LIST = '.publisher-held'


#: An internal preview's index (render --include-embargoed) says it is one, and is not indexed.
PREVIEW_MARK = '<meta name="robots" content="noindex">'


def is_preview(index) -> bool:
    """Whether the index at ``index`` is an internal preview's, listing releases under embargo."""
    try:
        return PREVIEW_MARK in index.read_text(encoding='utf-8', errors='replace')
    except OSError:
        return False


@dataclass(frozen=True)
class Publication:
    """How a render publishes a release."""

    held_until: datetime | None  # the embargo, while it holds the release back
    published: str               # the moment it goes (or went) out, UTC
    updated: str                 # the moment of its latest correction, else ``published``
    tag: str                     # its entry ids without the language: tag:authority,day:release-id
    version: int                 # 1, and one more per correction
    release_id: str = ''
    earlier: tuple = ()          # the earlier versions kept: (version, names of their files)
    folder_url: str = ''         # where pages link the release's files from (see render/html.py: WebProfile)

    @property
    def held(self) -> bool:
        return self.held_until is not None

    @property
    def available(self) -> str | None:
        return moments.utc(self.held_until) if self.held_until else None

    def entry_id(self, language: str) -> str:
        return f'{self.tag}.{language}'


def publication(release, history: History, now: datetime, base_url: str | None = None,
                folder_url: str = '') -> Publication:
    """How ``release`` is published by a render at ``now``, its output folder having published ``history``
    (with the earlier versions it keeps)."""
    held = moments.held_until(release, now)
    out = moments.goes_out(release)
    published = history.published or moments.utc(out if out is not None else now)
    corrections = list(getattr(release, 'corrections', ()))
    updated = max([published, *(moments.utc(correction.when) for correction in corrections)])
    tag = history.tag or f'tag:{_authority(release, base_url)},{published[:10]}:{release.id}'
    earlier = tuple((version['version'], tuple(version['files'])) for version in history.versions)
    return Publication(held, published, updated, tag, 1 + len(corrections), release.id, earlier, folder_url)


def _authority(release, base_url: str | None) -> str:
    if base_url:
        return urlsplit(base_url).hostname
    emails = [email for contact in getattr(release, 'contacts', ())
              for email in [contact.email, *(person.email for _, person in contact.people())] if email]
    return emails[0].rpartition('@')[2].lower() if emails else NO_AUTHORITY
