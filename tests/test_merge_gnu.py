"""update merges as GNU msgmerge does: each case is merged by both, on the same files, and must agree.

A case is an old catalog and a new template.  GNU ``msgmerge --previous``
merges them into one file, ``update``'s merge into another; for every
string of the template, both must give the same translation, the same
fuzzy mark and the same ``#|`` strings, and GNU ``msgfmt -c`` must accept
what ``update`` wrote.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from publisher.catalogs import BRACE, PERCENT
from publisher.catalogs.merge import EDITED_SINCE_REVIEW, LIKE_ANOTHER, MERGE_NOTES, update_catalog
from publisher.catalogs.pofile import read_po

RUSSIAN = ('Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && '
           '(n%100<10 || n%100>=20) ? 1 : 2);')


def catalog(entries: str, plural_forms: str = RUSSIAN) -> str:
    return ('msgid ""\nmsgstr ""\n"Project-Id-Version: case\\n"\n"Language: ru\\n"\n"MIME-Version: 1.0\\n"\n'
            '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
            f'"{plural_forms}\\n"\n\n{entries}')


def template(entries: str) -> str:
    return catalog(entries, 'Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;')


CASES = {
    'a new plural string gets as many forms as the header says': (
        '',
        'msgid "{n} delegate"\nmsgid_plural "{n} delegates"\nmsgstr[0] ""\nmsgstr[1] ""\n'),
    'a string that becomes plural keeps its translation in every form, fuzzy': (
        'msgid "one delegation"\nmsgstr "одна делегация"\n',
        'msgid "one delegation"\nmsgid_plural "{n} delegations"\nmsgstr[0] ""\nmsgstr[1] ""\n'),
    'a plural string that becomes singular keeps its first form, fuzzy': (
        'msgid "{n} minister"\nmsgid_plural "{n} ministers"\n'
        'msgstr[0] "{n} министр"\nmsgstr[1] "{n} министра"\nmsgstr[2] "{n} министров"\n',
        'msgid "{n} minister"\nmsgstr ""\n'),
    'a changed plural string keeps its forms, fuzzy': (
        'msgid "{n} workshop"\nmsgid_plural "{n} workshops"\n'
        'msgstr[0] "{n} семинар"\nmsgstr[1] "{n} семинара"\nmsgstr[2] "{n} семинаров"\n',
        'msgid "{n} workshop"\nmsgid_plural "{n} workshops abroad"\nmsgstr[0] ""\nmsgstr[1] ""\n'),
    # In a catalog of template strings (python-format), a string that comes to be read as python-brace-format.
    'a format flag the translation no longer fits makes it fuzzy': (
        'msgid "Welcome {name}"\nmsgstr "Добро пожаловать"\n',
        '#, python-brace-format\nmsgid "Welcome {name}"\nmsgstr ""\n'),
    'a format flag the translation fits changes nothing else': (
        'msgid "Welcome {name}"\nmsgstr "Добро пожаловать, {name}"\n',
        '#, python-brace-format\nmsgid "Welcome {name}"\nmsgstr ""\n'),
    'a paragraph copied, then edited, while the original stays': (
        'msgid "The delegation visited the disaster management centre in the capital."\n'
        'msgstr "Делегация посетила центр управления в столице."\n',
        'msgid "The delegation visited the disaster management centre in the capital."\nmsgstr ""\n\n'
        'msgid "The delegation visited the training centre in the capital."\nmsgstr ""\n'),
    'both halves of a split paragraph': (
        'msgid "Ministers of ten countries met in Busan, and officials of ten countries met in Seoul."\n'
        'msgstr "Министры десяти стран встретились в Пусане, а чиновники - в Сеуле."\n',
        'msgid "Ministers of ten countries met in Busan."\nmsgstr ""\n\n'
        'msgid "And officials of ten countries met in Seoul."\nmsgstr ""\n'),
    "an edit msgmerge's measure finds alike where difflib's ratio is under 0.6": (
        'msgid "Officials from ten countries attended the programme on local autonomy."\n'
        'msgstr "Чиновники из десяти стран посетили программу."\n',
        'msgid "Officers of ten nations joined a programme about local self-government."\nmsgstr ""\n'),
    'an unrelated new string gets nothing': (
        'msgid "The delegation visited the disaster management centre."\nmsgstr "Делегация посетила центр."\n',
        'msgid "Budget questions go to the press office by e-mail."\nmsgstr ""\n'),
    'a string in another context is offered its translation, fuzzy': (
        'msgctxt "title"\nmsgid "Digital government"\nmsgstr "Цифровое правительство"\n',
        'msgid "Digital government"\nmsgstr ""\n'),
}


def merged_by_msgmerge(folder: Path, old: Path, pot: Path):
    out = folder / 'gnu.po'
    subprocess.run(['msgmerge', '--quiet', '--previous', '-o', str(out), str(old), str(pot)], check=True)
    return read_po(out).entries


def compared(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr, entry.msgstr_plural, entry.fuzzy,
            entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural, entry.obsolete)


@pytest.mark.parametrize('case', CASES)
def test_update_merges_as_msgmerge_does(tmp_path, case):
    old_entries, new_entries = CASES[case]
    old, pot = tmp_path / 'ru.po', tmp_path / 'case.pot'
    old.write_text(catalog(old_entries))
    pot.write_text(template(new_entries))
    gnu = merged_by_msgmerge(tmp_path, old, pot)

    style = PERCENT if 'format flag' in case else BRACE
    update = update_catalog(old, 'case', 'ru', read_po(pot).entries, style=style)
    ours = tmp_path / 'ours.po'
    ours.write_bytes(update.data)

    assert [compared(e) for e in read_po(ours).entries if not e.obsolete] == [
        compared(e) for e in gnu if not e.obsolete]
    check = subprocess.run(['msgfmt', '-c', '--check-format', '-o', '/dev/null', str(ours)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_a_suggestion_from_the_same_string_goes_to_both_halves_but_reviewed_to_none(tmp_path):
    old, pot = tmp_path / 'ru.po', tmp_path / 'case.pot'
    old.write_text(catalog(CASES['both halves of a split paragraph'][0]))
    pot.write_text(template(CASES['both halves of a split paragraph'][1]))
    entries = read_po_from(update_catalog(old, 'case', 'ru', read_po(pot).entries), tmp_path)
    assert [e.fuzzy for e in entries] == [True, True]
    assert {e.previous_msgid for e in entries} == {read_po(old).entries[0].msgid}


@pytest.mark.parametrize('case, note', [
    ('a paragraph copied, then edited, while the original stays', LIKE_ANOTHER),
    ("an edit msgmerge's measure finds alike where difflib's ratio is under 0.6", EDITED_SINCE_REVIEW),
], ids=['copied, the original still there', 'edited'])
def test_a_suggestion_says_whether_its_source_was_edited_or_is_another_string(tmp_path, case, note):
    """Only an edit can be undone: a translation offered from a string still in the record says so."""
    old, pot = tmp_path / 'ru.po', tmp_path / 'case.pot'
    old.write_text(catalog(CASES[case][0]))
    pot.write_text(template(CASES[case][1]))
    suggested, = [e for e in read_po_from(update_catalog(old, 'case', 'ru', read_po(pot).entries), tmp_path) if e.fuzzy]
    assert note in suggested.extracted_comments and set(MERGE_NOTES) - {note} - set(suggested.extracted_comments)


def test_an_edit_undone_in_a_copy_is_reviewed_again_and_a_second_update_changes_nothing(tmp_path):
    """A translation waiting for the text it was reviewed for (its ``#|``) and offered to a copy holding
    exactly that text is reviewed again there, with no note left behind to drop on the next update."""
    reviewed_for, edited = ('The minister met the delegation on Friday in Seoul.',
                            'The minister met the delegation on Monday in Seoul.')
    old, pot = tmp_path / 'ru.po', tmp_path / 'case.pot'
    old.write_text(catalog(f'#. {EDITED_SINCE_REVIEW}\n#, fuzzy\n#| msgid "{reviewed_for}"\n'
                           f'msgid "{edited}"\nmsgstr "Министр встретился с делегацией."\n'))
    pot.write_text(template(f'msgid "{edited}"\nmsgstr ""\n\nmsgid "{reviewed_for}"\nmsgstr ""\n'))
    first = update_catalog(old, 'case', 'ru', read_po(pot).entries)
    restored, = [e for e in read_po_from(first, tmp_path) if e.msgid == reviewed_for]
    assert not restored.fuzzy and restored.msgstr == 'Министр встретился с делегацией.'
    assert not set(MERGE_NOTES) & set(restored.extracted_comments)
    old.write_bytes(first.data)
    assert update_catalog(old, 'case', 'ru', read_po(pot).entries).data == first.data


def read_po_from(update, folder):
    path = folder / 'ours.po'
    path.write_bytes(update.data)
    return [entry for entry in read_po(path).entries if not entry.obsolete]
