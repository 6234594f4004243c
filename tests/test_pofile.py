"""The PO format: strict reading, and writing that leaves translators' files as they were."""

from __future__ import annotations

import subprocess
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from publisher.catalogs.pofile import Entry, po_text, read_po
from publisher.problems import InputError

from conftest import ROOT

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'


def write(tmp_path, text, name='x.po', encoding='utf-8'):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def problems(path):
    with pytest.raises(InputError) as caught:
        read_po(path)
    return [(problem.line, problem.message) for problem in caught.value.problems]


def test_reads_every_part_of_an_entry(tmp_path):
    path = write(tmp_path, HEADER + '\n# a translator\'s note\n#. where it is\n#: a.yaml:3 b.yaml:4\n'
                 '#, fuzzy, python-brace-format\n#| msgid "Old {x}"\nmsgctxt "title"\nmsgid ""\n"New "\n"{x}\\n"\n'
                 'msgstr "새 {x}\\n"\n\n#~ msgid "Gone"\n#~ msgstr "없음"\n')
    po = read_po(path)
    entry, gone = po.entries
    assert entry == Entry(msgid='New {x}\n', msgstr='새 {x}\n', msgctxt='title', translator_comments=("a translator's note",),
                          extracted_comments=('where it is',), references=('a.yaml:3', 'b.yaml:4'),
                          flags=('fuzzy', 'python-brace-format'), previous_msgid='Old {x}')
    assert (entry.line, entry.msgstr_line) == (5, 14)
    assert gone.obsolete and gone.msgstr == '없음'


@pytest.mark.parametrize('path', sorted((ROOT / 'locales').rglob('*.po')), ids=lambda p: p.name)
def test_writing_an_unchanged_catalog_gives_back_its_bytes(path):
    po = read_po(path)
    assert po_text(po.header, po.entries, po.trailer) == path.read_text()


@pytest.mark.parametrize('path', sorted((ROOT / 'locales').rglob('*.po')), ids=lambda p: p.name)
def test_entries_written_anew_are_laid_out_as_gnu_msgcat_does(path, tmp_path):
    po = read_po(path)
    anew = po_text(replace(po.header, raw=None, raw_message=None),
                   [replace(entry, raw=None, raw_message=None) for entry in po.entries])
    (tmp_path / 'anew.po').write_text(anew)
    subprocess.run(['msgcat', '-o', str(tmp_path / 'gnu.po'), str(tmp_path / 'anew.po')], check=True)
    assert (tmp_path / 'gnu.po').read_text() == anew


def test_an_editors_own_layout_is_kept(tmp_path):
    """A text editor leaves one long line and two blank lines; nothing rewraps them."""
    text = (HEADER + '\n\n#: a.yaml:1\nmsgid "A sentence that is far longer than seventy-nine columns, '
            'left on one line by a translator\'s editor"\nmsgstr "한 줄로 남긴 번역"\n')
    po = read_po(write(tmp_path, text))
    assert po_text(po.header, po.entries, po.trailer) == text


@pytest.mark.parametrize('text, line, message', [
    (HEADER + '\nmsgid "a"\nmsgstr "b\n', 6, 'end of line within string'),
    (HEADER + '\nmsgid "a"\nmsgstr "b" c\n', 6, 'end of line within string'),
    (HEADER + '\nmsgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n', 8, "duplicate message definition of 'a' (first on line 5)"),
    (HEADER + '\nmsgid "a"\nmsgtsr "b"\n', 6, "syntax error: 'msgtsr \"b\"' is not part of a PO entry"),
    (HEADER + '\nmsgid "a"\n', 5, "msgid 'a' has no msgstr"),
    ('msgid ""\nmsgstr ""\n"Content-Type: text/plain\\n"\n', 3, 'Content-Type gives no charset'),
    ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=EUC-KR\\n"\n', 3, 'the header says charset=EUC-KR'),
    ('msgid "a"\nmsgstr "b"\n', 1, 'the catalog has no header'),
])
def test_problems_name_their_line(tmp_path, text, line, message):
    found = problems(write(tmp_path, text))
    assert any(found_line == line and message in found_message for found_line, found_message in found), found


def test_a_catalog_that_is_not_utf8_is_refused_at_its_line(tmp_path):
    path = write(tmp_path, HEADER + '\nmsgid "a"\nmsgstr "한국어"\n', encoding='euc-kr')
    assert problems(path) == [(6, 'not UTF-8 text; publisher reads UTF-8 catalogs (convert with: msgconv --to-code=UTF-8)')]


def msgfmt_accepts(path):
    return subprocess.run(['msgfmt', '-c', '-o', '/dev/null', str(path)], capture_output=True).returncode == 0


@pytest.mark.parametrize('body', [
    '\nmsgid "a"\n\nmsgstr "b"\n',                                # a blank line inside an entry
    '\nmsgid "a"\nmsgstr "b"\n\n# a comment after the last entry\n',
    '\nmsgid "a" "b"\nmsgstr "x" "y"\n',                         # several strings on one line
], ids=['blank line inside', 'comment at the end', 'strings on one line'])
def test_what_gnu_gettext_accepts_is_read_and_kept_to_the_byte(tmp_path, body):
    path = write(tmp_path, HEADER + body)
    assert msgfmt_accepts(path)
    po = read_po(path)
    assert po_text(po.header, po.entries, po.trailer) == path.read_text()
    assert [(e.msgid, e.msgstr) for e in po.entries] in ([('a', 'b')], [('ab', 'xy')])


@pytest.mark.parametrize('body, line, message', [
    ('\nmsgid "a"\nmsgstr "x"\n\n#~ msgid "a"\n#~ msgstr "y"\n', 8,
     "duplicate message definition of 'a' (first on line 5); delete the obsolete (#~) one"),
    ('\n#~ msgid "a"\n#~ msgstr "x"\n\n#~ msgid "a"\n#~ msgstr "y"\n', 8, "duplicate message definition of 'a'"),
])
def test_an_obsolete_entry_that_repeats_another_is_refused_as_msgfmt_refuses_it(tmp_path, body, line, message):
    path = write(tmp_path, HEADER + body)
    assert not msgfmt_accepts(path)
    assert any(found == line and message in text for found, text in problems(path))


def test_an_entry_written_anew_keeps_every_previous_string_and_its_comments_to_the_letter(tmp_path):
    path = write(tmp_path, HEADER + '\n# checked by Kim  \n#\n#, fuzzy\n#| msgctxt "unit"\n#| msgid "file"\n'
                 '#| msgid_plural "files"\nmsgctxt "unit"\nmsgid "page"\nmsgid_plural "pages"\n'
                 'msgstr[0] "쪽"\nmsgstr[1] "쪽"\n')
    entry = read_po(path).entries[0]
    assert (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural) == ('unit', 'file', 'files')
    assert entry.translator_comments == ('checked by Kim  ', '')
    anew = po_text(read_po(path).header, [entry.changed(flags=('fuzzy',))])
    assert anew == path.read_text()


UNITS = st.sampled_from([
    '행정안전부는', '아세안', '회원국과', '협력을', '강화하기', '위해', '지방자치,', '재난관리', '(「정부24」)',
    'https://www.mois.go.kr/eng/sub/a03/pressRelease/screen.do', 'transifex.com', 'e-government',
    'Korea-ASEAN', 'self-governing', 'and/or', '{yoon.short}', '{mois}은', '2019-09-27', '1,234,567',
    'the', 'delegation', 'visited', 'Myanmar’s', '“quoted”', '"straight"', 'back\\slash', '10%', 'A/B/C',
    'x', '—', '…', '·', '~', '...', '\n', '\t',
])
TEXTS = st.lists(UNITS, min_size=1, max_size=40).map(lambda units: ' '.join(units).replace(' \n ', '\n'))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(TEXTS, TEXTS, st.booleans()), min_size=1, max_size=12, unique_by=lambda t: t[0]))
def test_entries_written_anew_are_wrapped_exactly_as_msgcat_wraps_them(tmp_path_factory, messages):
    """Long Hangul, URLs, hyphens, slashes and escapes: msgcat rewrites our layout to the same bytes."""
    folder = tmp_path_factory.mktemp('wrap')
    entries = [Entry(msgid=msgid, msgstr=msgstr, flags=('python-brace-format',) if brace else (),
                     translator_comments=('a note',), previous_msgid=msgstr if brace else None)
               for msgid, msgstr, brace in messages]
    entries.append(Entry(msgid='gone ' + messages[0][0], msgstr=messages[0][1], obsolete=True))
    header = Entry(msgid='', msgstr='Content-Type: text/plain; charset=UTF-8\n')
    ours = folder / 'ours.po'
    ours.write_text(po_text(header, entries))
    subprocess.run(['msgcat', '-o', str(folder / 'gnu.po'), str(ours)], check=True, capture_output=True)
    assert (folder / 'gnu.po').read_text() == ours.read_text()


TOOLS = sorted((ROOT / 'tests' / 'catalogs').glob('*.po'))


@pytest.mark.parametrize('path', TOOLS, ids=lambda p: p.stem)
def test_catalogs_other_tools_wrote_round_trip_to_the_byte(path, tmp_path):
    """Transifex, Launchpad, Poedit, Weblate and Pootle each leave their own headers, comments and wrapping."""
    assert msgfmt_accepts(path)
    po = read_po(path)
    assert po_text(po.header, po.entries, po.trailer) == path.read_text()
    anew = tmp_path / 'anew.po'
    anew.write_text(po_text(replace(po.header, raw=None, raw_message=None),
                            [replace(entry, raw=None, raw_message=None) for entry in po.entries]))
    subprocess.run(['msgcat', '-o', str(tmp_path / 'gnu.po'), str(path)], check=True, capture_output=True)
    assert anew.read_text() == (tmp_path / 'gnu.po').read_text()
