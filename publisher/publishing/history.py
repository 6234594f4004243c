"""What has been published of a release, kept beside its outputs in ``<out>/<id>/.publisher-published.json``.

A render that publishes a release (reviewed, not held back by its embargo)
writes this file with its outputs:

- ``tag``: the id of its feed entries (see publication.py), kept as first given;
- ``published``: the moment the release first went out, in UTC: its
  embargo or distribution time if the record gives one, else the moment of
  that first render.  It never moves afterwards, so a feed's ``published``
  is the real moment, not a midnight made up from the record's day;
- ``version``: 1, and one more for each correction published since; the
  PDFs in the folder are of this version, and each earlier version's PDF is
  kept as ``<id>.v<N>.<edition>.pdf`` when a correction supersedes it;
- ``versions``: each earlier version: when it was published and superseded,
  and the PDFs kept of it;
- ``text``: per language, the text as published (title, subtitle, lead,
  body, captions, facts), for ``publisher diff`` to compare with the text now.

A press office never rewrites history silently: the file only grows, and a
file that cannot be read is never replaced by a guess (see :func:`read`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

NAME = '.publisher-published.json'
FORMAT = 1


@dataclass
class History:
    """What has been published of one release, as its output folder remembers it."""

    release: str
    published: str | None = None        # the moment it first went out (UTC, RFC 3339)
    tag: str | None = None              # its feed entries' ids, without the language (see publication.py)
    version: int = 0                    # the version of the outputs in the folder; 0: never published
    versions: list[dict] = field(default_factory=list)  # earlier versions: version, published, superseded, files
    text: dict[str, list[list[str]]] = field(default_factory=dict)  # per language: [label, text] lines

    def to_bytes(self) -> bytes:
        return json.dumps({'format': FORMAT, 'release': self.release, 'published': self.published,
                           'tag': self.tag, 'version': self.version, 'versions': self.versions, 'text': self.text},
                          ensure_ascii=False, indent=1, sort_keys=True).encode() + b'\n'


def read(folder: Path, release_id: str) -> History:
    """The history kept in ``folder``; an empty one if there is none or it is not ours to read."""
    try:
        data = json.loads((Path(folder) / NAME).read_bytes())
    except (OSError, ValueError):
        return History(release_id)
    if not isinstance(data, dict) or data.get('format') != FORMAT or data.get('release') != release_id:
        return History(release_id)
    return History(release_id, data.get('published'), data.get('tag'), int(data.get('version') or 0),
                   list(data.get('versions') or []), dict(data.get('text') or {}))


def plain(text) -> str:
    """A localised text (see localise.py: Text) as a reader sees it, without markup."""
    from markupsafe import Markup

    return ' '.join(Markup(str(text.html)).striptags().split()) if hasattr(text, 'html') else ' '.join(str(text).split())


def published_text(localised) -> list[list[str]]:
    """Every line of a release in one language a reader reads: titles, prose, captions and facts, each labelled."""
    lines = [['title', localised.title]]
    lines += [['subtitle' if len(localised.subtitles) == 1 else f'subtitles[{index}]', line]
              for index, line in enumerate(localised.subtitles)]
    lines.append(['issuer', ', '.join(localised.issued_by)])
    lines.append(['date', localised.published])
    if localised.embargo:
        lines.append(['embargo', localised.embargo])
    if localised.distributed:
        lines.append(['distributed', localised.distributed])
    lines.append(['lead', localised.lead])
    for index, block in enumerate(localised.blocks):
        lines += block_lines(f'body[{index}]', block)
    lines += [[f'footnotes[{note.number}]', note.text] for note in localised.footnotes]
    for index, figure in enumerate(localised.figures):
        lines += [[f'photos[{index}].{name}', getattr(figure, name)] for name in ('caption', 'credit', 'alt')
                  if getattr(figure, name)]
    lines += [[f'attachments[{index}]', attachment.title] for index, attachment in enumerate(localised.attachments)]
    lines += [[f'contacts[{index}]', ', '.join(part for part in (contact.department, *(
        value for person in contact.people for value in (person.person, person.phone, person.email))) if part)]
              for index, contact in enumerate(localised.contacts)]
    lines += [[f'corrections[{index}]', f'{correction.when}: {plain(correction.what)}']
              for index, correction in enumerate(localised.corrections)]
    return [[label, plain(text)] for label, text in lines]


def block_lines(label: str, block) -> list[list]:
    """The labelled lines of a block of the body: its text, or the texts of its items, cells or blocks."""
    if block.kind == 'list':
        lines = []
        for index, item in enumerate(block.items):
            lines.append([f'{label}.items[{index}]', item.text])
            lines += block_lines(f'{label}.items[{index}]', item.sublist) if item.sublist else []
            lines += [[f'{label}.items[{index}].remark', item.remark]] if item.remark else []
        return lines
    if block.kind == 'table':
        cells = [[f'{label}.rows[{r}][{c}]', cell.text] for r, row in enumerate([*block.head, *block.rows])
                 for c, cell in enumerate(row) if cell.text is not None]
        return ([[f'{label}.caption', block.caption]] if block.caption else []) + cells
    if block.kind == 'box':
        return [[f'{label}.box', block.title], *(line for index, inner in enumerate(block.blocks)
                                                for line in block_lines(f'{label}.body[{index}]', inner))]
    return [[label, block.text]]


def after(history: History, publication, texts: dict[str, list[list[str]]], kept: list[str] = ()) -> History:
    """The history once a render published ``publication`` with ``texts`` (by language); ``kept`` names the
    files of the version it supersedes, if it is a new version of one published here."""
    versions = list(history.versions)
    if history.version and publication.version > history.version:
        versions.append({'version': history.version, 'published': history.published if not versions
                         else versions[-1]['superseded'], 'superseded': publication.updated, 'files': sorted(kept)})
    return History(history.release, history.published or publication.published, history.tag or publication.tag,
                   publication.version, versions, {**history.text, **texts})


def earlier_name(name: str, release_id: str, version: int) -> str:
    """The name an earlier version of an output is kept under: ``<id>.en.pdf`` → ``<id>.v1.en.pdf``."""
    return f'{release_id}.v{version}.{name.removeprefix(release_id + ".")}'


def is_earlier(name: str, release_id: str) -> bool:
    """Whether ``name`` is an earlier version's output (``<id>.v1.en.pdf``), not the language Vietnamese's."""
    import re

    return re.match(rf'{re.escape(release_id)}\.v\d+\.', name) is not None
