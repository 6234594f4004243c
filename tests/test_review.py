"""Accepting a reviewed draft: it becomes a translation, and a save made meanwhile is kept."""

from __future__ import annotations

import os

import pexpect
import pytest

from publisher.catalogs.pofile import read_po
from publisher.drafts.review import accept, fuzzy_entries

from conftest import SEED, editor_saves_while_writing


def test_an_accepted_draft_keeps_an_editor_save_made_meanwhile(workspace, monkeypatch):
    path = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    path.write_text(path.read_text().replace('msgctxt "breadcrumb"\nmsgid "Previous Events"',
                                          '#, fuzzy\nmsgctxt "breadcrumb"\nmsgid "Previous Events"', 1))
    draft, = fuzzy_entries(path)
    catalogs = sorted(os.listdir(path.parent))
    saves = editor_saves_while_writing(monkeypatch, path, 'msgstr "아세안"', 'msgstr "동남아시아국가연합"')
    accept(path, draft, '이전 행사')
    assert saves
    entries = {entry.msgid: entry for entry in read_po(path).entries}
    assert entries['ASEAN'].msgstr == '동남아시아국가연합'
    assert entries['Previous Events'].msgstr == '이전 행사' and not entries['Previous Events'].fuzzy
    assert sorted(os.listdir(path.parent)) == catalogs  # no temporary file left beside them


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


def test_an_accepted_draft_no_longer_says_what_the_merge_said_of_it(workspace):
    """update notes why it made an entry fuzzy, beside its #|; once reviewed, neither is true any more."""
    import subprocess
    import sys

    from publisher.catalogs.merge import MERGE_NOTES

    record = workspace / 'samples' / SEED / 'release.yaml'
    record.write_text(record.read_text().replace('aimed to share Korea’s', 'sought to share Korea’s'))
    subprocess.run([sys.executable, '-m', 'publisher', 'update', f'samples/{SEED}', '-l', 'ko'], cwd=workspace,
                   check=True, capture_output=True)
    path = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    draft, = fuzzy_entries(path)
    assert set(MERGE_NOTES) & set(draft.extracted_comments)
    result = review(workspace, 'a\n')
    assert result.returncode == 0 and 'accepted' in result.stdout, result.stderr
    reviewed, = [entry for entry in read_po(path).entries if entry.key == draft.key]
    assert not reviewed.fuzzy and reviewed.previous_msgid is None
    assert not set(MERGE_NOTES) & set(reviewed.extracted_comments)


@pytest.mark.parametrize('source, translation, source_language, language, warned', [
    ('ASEAN', 'ASEAN', 'en', 'ko', True),
    ('Previous Events', 'Previous events', 'en', 'ko', True),
    ('Previous Events', '지난 행사', 'en', 'ko', False),
    ('{yoon} met the minister', '{yoon}은 장관을 만났다', 'en', 'ko', False),
    ('The ASEAN summit', 'ASEAN 정상회의', 'en', 'ko', False),
    ('{yoon} met the minister', '{yoon} met the minister.', 'en', 'th', True),
    ('The forum', 'ฟอรัม', 'en', 'th', False),
    ('The forum', 'ဖိုရမ်', 'en', 'my', False),
    ('지난 행사', '지난 행사', 'ko', 'en', True),
    ('지난 행사', '지난 행사들', 'ko', 'en', True),
    ('지난 행사', 'Previous events', 'ko', 'en', False),
    ('Hello', 'Bonjour', 'en', 'fr', False),
    ('Hello', 'Hello', 'en', 'fr', True),
    ('2019', '2019', 'en', 'ko', False),
], ids=['the source itself', 'the source script alone', 'the target script', 'a placeholder in Latin',
        'an acronym kept in a translation', 'Latin in Thai', 'Thai', 'Burmese', 'Korean left in English',
        'Korean edited in English', 'English from Korean', 'French', 'French the same as English', 'digits alone'])
def test_a_translation_still_in_the_source_language_is_found(source, translation, source_language, language,
                                                             warned):
    from publisher.drafts.review import still_in_source_language

    assert (still_in_source_language(source, translation, source_language, language) is not None) == warned


def test_a_draft_in_the_source_language_is_not_saved_unless_the_reviewer_confirms(workspace):
    path = keyword_to_review(workspace, 'ASEAN')
    result = review(workspace, 'a\nn\ns\n')
    assert result.returncode == 0, result.stderr
    assert 'warning: this translation is the source text, unchanged' in result.stderr
    assert 'accepted' not in result.stdout
    assert [entry.msgid for entry in fuzzy_entries(path)] == ['ASEAN']


def test_a_draft_in_the_source_language_is_saved_when_the_reviewer_confirms(workspace):
    path = keyword_to_review(workspace, 'ASEAN')
    result = review(workspace, 'a\ny\n')
    assert result.returncode == 0, result.stderr
    assert 'warning: this translation is the source text, unchanged' in result.stderr
    assert result.stdout.count('accepted') == 1
    assert_publishable(workspace, path, 'ASEAN')


def test_an_edit_back_into_the_source_script_is_warned_of(workspace):
    path = keyword_to_review(workspace, '아세안')
    result = review(workspace, 'e\nAsean\nn\ne\n아세안\n')
    assert 'is written in Latin letters, as en is, with none of ko\'s Hangul' in result.stderr
    assert result.stdout.count('accepted') == 1
    assert_publishable(workspace, path, '아세안')


def review_in_a_terminal(workspace):
    import sys

    return pexpect.spawn(sys.executable, ['-m', 'publisher', 'review', f'samples/{SEED}', '-l', 'ko'],
                         cwd=str(workspace), encoding='utf-8', timeout=60,
                         env={**os.environ, 'LC_ALL': 'C.UTF-8', 'TERM': 'xterm'})


@pytest.mark.parametrize('keys, translation', [
    ('\x05\x7f\x7f\x7f', '아세안'),          # Ctrl-E, three backspaces: the last word removed
    ('\x01\x06\x06\x06\x0b', '아세안'),      # Ctrl-A, three Ctrl-F, Ctrl-K: the rest of the line cut
    ('\x01동남아 ', '동남아 아세안 회의'),    # Ctrl-A and a word typed before the draft
], ids=['end and backspace', 'cut the rest', 'type at the start'])
def test_on_a_terminal_the_draft_is_offered_for_editing(workspace, keys, translation):
    path = keyword_to_review(workspace, '아세안 회의')
    child = review_in_a_terminal(workspace)
    child.expect_exact('[a]ccept, [e]dit, [s]kip, [q]uit')
    child.sendline('e')
    child.expect_exact('translation: ')
    child.send(keys)
    child.send('\r')
    child.expect_exact('accepted')
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert_publishable(workspace, path, translation)
