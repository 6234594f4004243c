"""Reading the translators' catalogs: only reviewed work counts, broken files are reported."""

from __future__ import annotations

import subprocess

import pytest

from publisher.catalogs import count, mo_bytes, read_catalog, template_translations
from publisher.messages import release_messages
from publisher.problems import InputError
from publisher.record import load_record

from conftest import ROOT, SEED


def all_catalogs():
    return sorted((ROOT / 'locales').glob('*/LC_MESSAGES/*.po'))


@pytest.mark.parametrize('path', all_catalogs(), ids=lambda path: str(path.relative_to(ROOT)))
def test_every_shipped_catalog_passes_msgfmt_check(path):
    subprocess.run(['msgfmt', '-c', '--check-format', '-o', '/dev/null', str(path)], check=True)


def test_every_shipped_catalog_is_complete_and_reviewed():
    for path in all_catalogs():
        if path.stem != 'publisher':
            messages = release_messages(load_record(ROOT / 'samples' / path.stem / 'release.yaml'))
            counts = count(read_catalog(path).po, [m.key for m in messages])
            assert (counts.fuzzy, counts.untranslated, counts.obsolete) == (0, 0, 0), path


def seed_catalog(workspace):
    return workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'


def test_fuzzy_and_empty_entries_are_not_translations(workspace):
    path = seed_catalog(workspace)
    text = path.read_text()
    text = text.replace('msgstr "정부혁신"', 'msgstr ""', 1)
    text = text.replace('#, python-brace-format\nmsgctxt "title"', '#, fuzzy, python-brace-format\nmsgctxt "title"')
    path.write_text(text)
    catalog = read_catalog(path)
    assert catalog.get(('breadcrumb', 'Government Innovation')) is None
    title = next(key for key in catalog.entries if key[0] == 'title')
    assert catalog.get(title) is None and catalog.is_fuzzy(title)
    assert sum(entry.fuzzy for entry in catalog.entries.values()) == 1


def test_a_translation_that_drops_a_placeholder_is_reported_with_its_line(workspace):
    path = seed_catalog(workspace)
    text = path.read_text().replace('msgstr "{mois.short}, 태국·미얀마와 행정 협력 확대"', 'msgstr "행정안전부, 태국·미얀마와 행정 협력 확대"')
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        read_catalog(path)
    [problem] = caught.value.problems
    line = next(n for n, content in enumerate(text.splitlines(), 1) if content.startswith('msgstr "행정안전부, 태국'))
    assert str(problem).startswith(f'{path}:{line}: msgstr: translation of ')
    assert 'drops {mois.short}' in str(problem)


def only_problem(workspace, old, new):
    """The one problem of the seed's Korean catalog with ``old`` replaced by ``new``, and the line of ``new``."""
    path = seed_catalog(workspace)
    text = path.read_text().replace(old, new)
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        read_catalog(path)
    [problem] = caught.value.problems
    return problem, next(n for n, content in enumerate(text.splitlines(), 1) if content == new)


def test_a_lone_brace_in_a_translation_is_reported_with_the_way_to_write_one(workspace):
    problem, line = only_problem(workspace, 'msgstr "국제협력"', 'msgstr "국제협력 {"')
    assert (problem.line, problem.field) == (line, 'msgstr')
    assert problem.message.endswith('(write {{ and }} for literal braces)')


def test_a_keyword_translated_with_a_comma_is_reported(workspace):
    problem, line = only_problem(workspace, 'msgstr "국제협력"', 'msgstr "국제협력, 국제교류"')
    assert str(problem) == (f"{seed_catalog(workspace)}:{line}: msgstr: the keyword '국제협력, 국제교류' holds a comma, "
                            'which separates keywords; translate it as one keyword')


def test_a_catalog_with_a_syntax_error_is_reported(workspace):
    problem, line = only_problem(workspace, 'msgstr "지난 행사"', 'msgstr "지난 행사')
    assert (problem.file, problem.line) == (seed_catalog(workspace), line) and 'a closing " is missing' in problem.message


def test_a_missing_catalog_is_empty(tmp_path):
    assert read_catalog(tmp_path / 'none.po').entries == {}


def test_template_translations_leave_out_fuzzy_entries(tmp_path):
    path = tmp_path / 'publisher.po'
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
                    'msgid "Home"\nmsgstr "홈"\n\n#, fuzzy\nmsgid "Date"\nmsgstr "날짜"\n')
    translations = template_translations(path)
    assert translations.gettext('Home') == '홈'
    assert translations.gettext('Date') == 'Date'


def test_the_compiled_catalog_is_what_gnu_gettext_reads(tmp_path):
    """Python's gettext and GNU msgunfmt both read our .mo files."""
    po = read_catalog(ROOT / 'locales' / 'ko' / 'LC_MESSAGES' / 'publisher.po').po
    mo = tmp_path / 'publisher.mo'
    mo.write_bytes(mo_bytes(po))
    import gettext
    assert gettext.GNUTranslations(mo.open('rb')).gettext('Press release') == '보도자료'
    subprocess.run(['msgunfmt', '-o', str(tmp_path / 'back.po'), str(mo)], check=True)
    assert 'msgstr "보도자료"' in (tmp_path / 'back.po').read_text()


@pytest.mark.parametrize('body, line, message', [
    ('msgid "one page"\nmsgid_plural "many pages"\nmsgstr[0] "쪽"\nmsgstr[1] "쪽"\n', 8,
     "the header says nplurals=1, but 'one page' has 2 plural forms"),
    ('msgid "Contact:\\n"\nmsgstr "문의:"\n', 7, "msgid and msgstr of 'Contact:\\n' do not both end with '\\n'"),
    ('msgid "\\nContact"\nmsgstr "문의"\n', 7, "msgid and msgstr of '\\nContact' do not both begin with '\\n'"),
], ids=['plural count', 'newline at the end', 'newline at the start'])
def test_what_msgfmt_check_refuses_is_refused_with_its_line(tmp_path, body, line, message):
    path = tmp_path / 'ko.po'
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                    '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n' + body)
    assert subprocess.run(['msgfmt', '-c', '-o', '/dev/null', str(path)], capture_output=True).returncode != 0
    with pytest.raises(InputError) as caught:
        read_catalog(path)
    assert [(p.line, p.message) for p in caught.value.problems] == [(line, message)]
    fuzzy = tmp_path / 'fuzzy.po'
    fuzzy.write_text(path.read_text().replace('\nmsgid "', '\n#, fuzzy\nmsgid "', 1).replace('#, fuzzy\nmsgid ""', 'msgid ""'))
    assert subprocess.run(['msgfmt', '-c', '-o', '/dev/null', str(fuzzy)], capture_output=True).returncode == 0


@pytest.mark.parametrize('translation, message', [
    ('지난 \x1b]0;owned\x07행사', 'the control character U+001B is never valid in HTML or PDF text'),
    ('지난 \u202e사행', 'the bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE) would reorder the text around it'),
    ('지난 \ufffe행사', 'U+FFFE is a noncharacter, not text: feeds, HWPX and PDF cannot hold it'),
    ('지난 행사\U0010ffff', 'U+10FFFF is a noncharacter, not text'),
])
def test_a_translation_holding_a_control_character_is_reported(workspace, translation, message):
    problem, line = only_problem(workspace, 'msgstr "지난 행사"', f'msgstr "{translation}"')
    assert (problem.line, problem.field) == (line, 'msgstr') and message in problem.message


def test_a_draft_holding_a_character_no_output_can_hold_is_reported(workspace):
    """A fuzzy entry is not yet a translation, but a draft's outputs show it: U+FFFF would break its HWPX."""
    path = seed_catalog(workspace)
    path.write_text(path.read_text().replace('msgctxt "breadcrumb"\nmsgid "Previous Events"',
                                             '#, fuzzy\nmsgctxt "breadcrumb"\nmsgid "Previous Events"', 1))
    problem, line = only_problem(workspace, 'msgstr "지난 행사"', 'msgstr "지난 \uffff행사"')
    assert (problem.line, problem.field) == (line, 'msgstr') and 'U+FFFF is a noncharacter' in problem.message
