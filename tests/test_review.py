"""Accepting a reviewed draft: it becomes a translation, and a save made meanwhile is kept."""

from __future__ import annotations

import os

from publisher.catalogs.pofile import read_po
from publisher.drafts.review import accept, fuzzy_entries

from conftest import SEED, editor_saves_while_writing


def test_an_accepted_draft_keeps_an_editor_save_made_meanwhile(workspace, monkeypatch):
    path = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    path.write_text(path.read_text().replace('msgctxt "breadcrumb"\nmsgid "Previous Events"',
                                          '#, fuzzy\nmsgctxt "breadcrumb"\nmsgid "Previous Events"', 1))
    draft, = fuzzy_entries(path)
    saves = editor_saves_while_writing(monkeypatch, path, 'msgstr "아세안"', 'msgstr "동남아시아국가연합"')
    accept(path, draft, '이전 행사')
    assert saves
    entries = {entry.msgid: entry for entry in read_po(path).entries}
    assert entries['ASEAN'].msgstr == '동남아시아국가연합'
    assert entries['Previous Events'].msgstr == '이전 행사' and not entries['Previous Events'].fuzzy
    assert sorted(os.listdir(path.parent)) == sorted([path.name, 'publisher.po'])
