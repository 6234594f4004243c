"""Accepting a reviewed draft: it becomes a translation, and a save made meanwhile is kept."""

from __future__ import annotations

import os

import pytest

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


def review(workspace, answers: str):
    import subprocess
    import sys

    return subprocess.run([sys.executable, '-m', 'publisher', 'review', f'samples/{SEED}', '-l', 'ko'],
                          cwd=workspace, input=answers, capture_output=True, text=True, timeout=120)


def keyword_to_review(workspace, draft: str):
    """The seed's Korean catalog with its keyword ASEAN a fuzzy draft ``draft``, the only entry to review."""
    path = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    path.write_text(path.read_text().replace('msgctxt "keyword"\nmsgid "ASEAN"\nmsgstr "아세안"',
                                          f'#, fuzzy\nmsgctxt "keyword"\nmsgid "ASEAN"\nmsgstr "{draft}"', 1))
    assert [entry.msgid for entry in fuzzy_entries(path)] == ['ASEAN']
    return path


def assert_publishable(workspace, path, translation):
    import subprocess
    import sys

    assert {entry.msgid: entry for entry in read_po(path).entries}['ASEAN'].msgstr == translation
    for command in (['update', f'samples/{SEED}', '-l', 'ko'], ['render', f'samples/{SEED}', '-l', 'ko', '-f', 'html']):
        result = subprocess.run([sys.executable, '-m', 'publisher', *command], cwd=workspace, capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 0, result.stderr


@pytest.mark.parametrize('typed, problem', [
    ('아세안, 동남아', 'holds a comma, which separates keywords'),
    ('아세안\u202e', 'the bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE) would reorder the text around it'),
    ('아세안\x1b[2J', 'the control character U+001B is never valid in HTML or PDF text'),
    ('아세안\ufffe', 'U+FFFE is a noncharacter'),
    ('{yoon} 아세안', 'adds {yoon}'),
], ids=['comma in a keyword', 'bidi override', 'control character', 'noncharacter', 'placeholder added'])
def test_review_accepts_nothing_update_and_render_would_refuse(workspace, typed, problem):
    path = keyword_to_review(workspace, '아세안')
    result = review(workspace, f'e\n{typed}\n아세안\n')
    assert result.returncode == 0, result.stderr
    assert problem in result.stderr and result.stdout.count('accepted') == 1
    assert not {'\x1b', '\u202e'} & set(result.stderr + result.stdout)  # shown escaped
    assert_publishable(workspace, path, '아세안')


def test_a_draft_update_would_refuse_is_not_accepted_as_it_is(workspace):
    path = keyword_to_review(workspace, '아세안, 동남아')
    result = review(workspace, 'a\n아세안\n')
    assert result.returncode == 0, result.stderr
    assert 'holds a comma, which separates keywords' in result.stderr
    assert_publishable(workspace, path, '아세안')
