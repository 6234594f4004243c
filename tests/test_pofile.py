"""The PO format: strict reading, and writing that leaves translators' files as they were."""

from __future__ import annotations

import subprocess
from dataclasses import replace

import pytest

from publisher.pofile import Entry, po_text, read_po
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
