"""The publisher command as a press officer uses it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli import main

from conftest import ENGLISH_SAMPLE, KOREAN_FIRST, KOREAN_SAMPLE, ROOT, SEED, record_of


def invoke(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args])


@pytest.mark.parametrize('named', [sorted((ROOT / 'samples').iterdir()), [ROOT / 'samples']])
def test_check_accepts_the_samples(named):
    """Named one by one (samples/*) or by the folder that holds them."""
    result = invoke('check', *named)
    assert result.exit_code == 0, result.output
    assert f'release.yaml: ok ({SEED}, ko, en, th, my)' in result.output
    assert f'release.yaml: ok ({KOREAN_FIRST}, ko, en)' in result.output


@pytest.mark.parametrize('command', [[], ['check'], ['render'], ['workers']])
def test_help_shows_an_example(command):
    result = invoke(*command, '--help')
    assert result.exit_code == 0
    assert 'Example' in result.output and 'publisher ' in result.output


BAD_INPUTS = {
    'yaml syntax': ('published: 2019-09-27', 'published: [2019', 'YAML syntax'),
    'missing field': ('\nlead: >-', '\nlede: >-', 'lead: required field is missing'),
    'wrong type': ('published: 2019-09-27', 'published: yesterday', 'published: give a date as year-month-day, such as 2019-09-27'),
    'unknown field': ('published: 2019-09-27', 'published: 2019-09-27\ncolour: blue', 'colour: unknown field'),
    'undeclared person': ('    speaker: yoon', '    speaker: moon', "body[7].speaker: no person 'moon' is declared"),
    'missing image': ('photos/forum-participants-naypyitaw.png', 'photos/none.png', "photos[1].file: file 'photos/none.png' does not exist"),
    'image outside the workspace': ('photos/forum-participants-naypyitaw.png', '/etc/hostname', "photos[1].file: '/etc/hostname' is outside the workspace"),
}


@pytest.mark.parametrize('case', BAD_INPUTS, ids=str)
@pytest.mark.parametrize('command', ['check', 'render'])
def test_bad_input_is_reported_without_traceback_and_nothing_is_written(workspace, command, case):
    old, new, message = BAD_INPUTS[case]
    path = record_of(workspace, SEED)
    path.write_text(path.read_text().replace(old, new, 1))
    out = workspace / 'dist'
    args = [command, path, record_of(workspace, KOREAN_FIRST)] + (['--out', out] if command == 'render' else [])
    result = subprocess.run([sys.executable, '-m', 'publisher', *map(str, args)], capture_output=True, text=True)
    assert result.returncode == 1
    assert 'Traceback' not in result.stderr
    assert f'{path}:' in result.stderr and message in result.stderr
    assert result.stderr.rstrip().endswith('found; nothing was written.' if command == 'render' else 'found.')
    assert not out.exists()


def test_several_broken_records_are_all_reported(workspace):
    for release in (SEED, KOREAN_FIRST):
        path = record_of(workspace, release)
        path.write_text(path.read_text().replace('published: 2019-', 'published: 1919-13-'))
    result = invoke('check', workspace / 'samples' / SEED, workspace / 'samples' / KOREAN_FIRST)
    assert result.exit_code == 1
    assert result.output.count('published: give a date as year-month-day, such as 2019-09-27') == 2


def test_render_writes_the_outputs_named_in_the_design(tmp_path):
    result = invoke('render', ROOT / 'samples' / KOREAN_FIRST, '--out', tmp_path)
    assert result.exit_code == 0, result.output
    # Web font subsets are named by a digest of their characters; each page has its own.
    names = sorted({re.sub(r'\.[0-9a-f]{12}\.woff2$', '.woff2', p.relative_to(tmp_path).as_posix())
                    for p in tmp_path.rglob('*') if p.is_file()})
    stem = f'{KOREAN_FIRST}/{KOREAN_FIRST}'
    assert names == sorted([f'{stem}.{edition}.{extension}' for edition in ('ko', 'en', 'ko-en') for extension in ('html', 'pdf', 'hwpx')]
                           + [f'{stem}.ko.fragment.html', f'{stem}.en.fragment.html',
                              f'{KOREAN_FIRST}/media/roundtable-programme.pdf', 'index.html', 'feed.ko.atom', 'feed.en.atom',
                              '.publisher-held',
                              '.publisher-site.json',
                              f'{KOREAN_FIRST}/.publisher-manifest.json', f'{KOREAN_FIRST}/.publisher-published.json']
                           + [f'{folder}/{font}.woff2' for folder in (f'{KOREAN_FIRST}/media', 'fonts')
                              for font in ('NanumGothic', 'NanumGothicBold', 'NotoSans-Bold', 'NotoSans-Regular')])


@pytest.mark.parametrize('kind', ['pdf', 'hwpx'])
def test_render_without_html_writes_only_the_files_asked_for(tmp_path, kind):
    result = invoke('render', ROOT / 'samples' / KOREAN_FIRST, '-l', 'en', '-f', kind, '--out', tmp_path)
    assert result.exit_code == 0, result.output
    # Beside the output, what it was made from (manifest.py), what was published of it (publishing/history.py),
    # and which releases the site is to be synced without (publishing/publication.py).
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob('*') if p.is_file()) == [
        '.publisher-held', f'{KOREAN_FIRST}/.publisher-manifest.json', f'{KOREAN_FIRST}/.publisher-published.json',
        f'{KOREAN_FIRST}/{KOREAN_FIRST}.en.{kind}']


def test_render_without_html_finds_nothing_to_do_the_second_time(tmp_path):
    for _ in range(2):
        result = invoke('render', ROOT / 'samples' / KOREAN_FIRST, '-l', 'en', '-f', 'hwpx', '--out', tmp_path)
        assert result.exit_code == 0, result.output
    assert result.output == f'{tmp_path / KOREAN_FIRST}: 1 unchanged\n'
    assert not (tmp_path / 'index.html').exists()


def test_render_chooses_editions_and_formats(tmp_path):
    result = invoke('render', ROOT / 'samples' / SEED, '-l', 'en-ko', '-l', 'en', '-f', 'html', '--out', tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / SEED).glob('*.html')) == [
        f'{SEED}.en-ko.html', f'{SEED}.en.fragment.html', f'{SEED}.en.html']
    page = (tmp_path / SEED / f'{SEED}.en-ko.html').read_text()
    assert page.index(f'<article class="release" id="{SEED}-en-ko-release-en"') < page.index(f'id="{SEED}-en-ko-release-ko"')


def test_render_refuses_a_language_the_release_does_not_have(tmp_path):
    result = invoke('render', ROOT / 'samples' / SEED, '-l', 'fr', '--out', tmp_path)
    assert result.exit_code == 1
    assert "languages: cannot render 'fr': the release is in ko, en" in result.output
    assert not (tmp_path / SEED).exists()


def test_the_refusal_names_the_template_catalog_when_a_page_string_is_missing(workspace):
    templates = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / 'publisher.po'
    templates.write_text(templates.read_text().replace('msgstr "붙임"', 'msgstr ""'))
    result = invoke('render', record_of(workspace, SEED), '-l', 'ko', '--out', workspace / 'dist')
    assert result.exit_code == 1
    assert f'ko: 1 string not reviewed (1 untranslated, 0 fuzzy) in {templates}; translate them there' in result.output


def refused_render(workspace, edit):
    """``render``'s refusal after ``edit`` (text → text) of the seed's Korean catalog: its catalog, folder and output."""
    po = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    po.write_text(edit(po.read_text()))
    result = invoke('render', record_of(workspace, SEED), '--out', workspace / 'dist')
    assert result.exit_code == 1
    return po, record_of(workspace, SEED).parent, result.output


def fuzzy_title(text):
    """The catalog with its title's translation marked fuzzy, as a machine draft is."""
    return text.replace('#, python-brace-format\nmsgctxt "title"', '#, fuzzy, python-brace-format\nmsgctxt "title"')


def test_render_refuses_strings_not_yet_reviewed(workspace):
    untranslated = lambda text: text.replace('msgstr "지난 행사"', 'msgstr ""')
    po, folder, output = refused_render(workspace, lambda text: fuzzy_title(untranslated(text)))
    assert (f'ko: 2 strings not reviewed (1 untranslated, 1 fuzzy) in {po}; translate them there or draft them '
            f'with: publisher translate {folder} -l ko; review drafts with: publisher review {folder} -l ko; '
            'or render a marked draft with --draft') in output
    assert not (workspace / 'dist').exists()


def test_a_refusal_of_drafts_only_says_to_review_them_not_to_draft_them(workspace):
    po, folder, output = refused_render(workspace, fuzzy_title)
    assert (f'ko: 1 string not reviewed (0 untranslated, 1 fuzzy) in {po}; review them with: publisher review '
            f'{folder} -l ko (or edit them there and remove their fuzzy flag); or render a marked draft with '
            '--draft') in output
    assert 'publisher translate' not in output


def test_the_refusal_says_to_update_first_when_the_record_changed(workspace):
    path = record_of(workspace, KOREAN_FIRST)
    path.write_text(path.read_text().replace('subtitle: "아세안 {countries}개국과', 'subtitle: "아세안 회원국과'))
    result = invoke('render', path, '-l', 'en', '--out', workspace / 'dist')
    assert result.exit_code == 1
    po = workspace / 'locales' / 'en' / 'LC_MESSAGES' / f'{KOREAN_FIRST}.po'
    assert (f'en: 1 string not reviewed (1 untranslated, 0 fuzzy) in {po}; 1 is not in it yet: first run: '
            f'publisher update {path.parent} -l en; then translate') in result.output


def test_draft_leaves_a_reviewed_release_as_it_is(workspace):
    """--draft renders what is not reviewed as a draft; a release all reviewed is published as usual."""
    po = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    po.write_text(po.read_text().replace('msgstr "지난 행사"', 'msgstr ""'))
    result = invoke('render', record_of(workspace, SEED), record_of(workspace, KOREAN_FIRST), '-f', 'html',
                    '--out', workspace / 'dist', '--draft')
    assert result.exit_code == 0, result.output
    assert {path.name for path in (workspace / 'dist' / SEED).glob('*.html')} == {
        f'{SEED}.{edition}.draft.{kind}' for edition, kind in (
            ('en', 'fragment.html'), ('en', 'html'), ('ko', 'fragment.html'), ('ko', 'html'), ('ko-en', 'html'),
            ('th', 'fragment.html'), ('th', 'html'), ('my', 'fragment.html'), ('my', 'html'))}
    links = re.findall(r'<link rel="alternate" hreflang="[\w-]+" href="([^"]+)"',
                       (workspace / 'dist' / SEED / f'{SEED}.en.draft.html').read_text())
    assert links == [f'{SEED}.ko.draft.html', f'{SEED}.en.draft.html', f'{SEED}.th.draft.html', f'{SEED}.my.draft.html',
                     f'{SEED}.ko-en.draft.html']
    reviewed = (workspace / 'dist' / KOREAN_FIRST / f'{KOREAN_FIRST}.en.html').read_text()
    assert 'class="publisher-draft"' not in reviewed and 'noindex' not in reviewed
    gallery = (workspace / 'dist' / 'index.html').read_text()
    assert f'{SEED}/{SEED}.ko.draft.html">draft HTML<' in gallery


def test_a_draft_render_reports_what_is_not_reviewed(workspace):
    po = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    po.write_text(po.read_text().replace('msgstr "지난 행사"', 'msgstr ""'))
    result = invoke('render', record_of(workspace, SEED), '-l', 'ko', '-f', 'html', '--out', workspace / 'dist', '--draft')
    assert result.exit_code == 0
    assert ('ko: 1 string not reviewed (1 untranslated, 0 fuzzy); a draft shows them marked, the untranslated in en'
            in result.output)


@pytest.mark.parametrize('command', [['--help'], ['check', str(ROOT / 'samples' / SEED)]])
def test_help_and_check_never_import_weasyprint(command):
    code = ('import sys\nfrom publisher.cli import main\n'
            'try:\n    main(sys.argv[1:])\nexcept SystemExit as exit:\n'
            '    assert not exit.code, exit.code\n'
            'print("weasyprint" in sys.modules)')
    result = subprocess.run([sys.executable, '-c', code, *command], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == 'False'


def test_check_reads_the_catalogs_too(workspace):
    po = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    po.write_text(po.read_text().replace('{yoon} {yoon.title}을 단장으로', '{yoon.title}을 단장으로'))
    result = invoke('check', record_of(workspace, SEED))
    assert result.exit_code == 1
    assert f'{po}:' in result.output and 'drops {yoon}' in result.output
    assert result.output.count('drops {yoon}') == 1 and '1 problem found' in result.output


@pytest.mark.parametrize('translation, message', [
    ('msgstr "%(pages)s쪽 중 %(pag)s쪽"', 'is not a valid format string'),
    ('msgstr "%(pages)s쪽"', 'must keep %(page)s, %(pages)s'),
])
@pytest.mark.parametrize('command', ['check', 'render'])
def test_a_broken_template_translation_is_reported_not_raised(workspace, command, translation, message):
    catalog = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / 'publisher.po'
    catalog.write_text(catalog.read_text().replace('msgstr "%(pages)s쪽 중 %(page)s쪽"', translation))
    args = [command, record_of(workspace, SEED)] + (['--out', workspace / 'dist'] if command == 'render' else [])
    result = subprocess.run([sys.executable, '-m', 'publisher', *map(str, args)], capture_output=True, text=True)
    assert result.returncode == 1 and 'Traceback' not in result.stderr
    assert f'{catalog}:' in result.stderr and message in result.stderr
    assert not (workspace / 'dist').exists()


def test_an_output_folder_that_cannot_be_written_is_reported(tmp_path):
    (tmp_path / 'dist').write_text('a file where the release folder should go')
    result = invoke('render', ROOT / 'samples' / KOREAN_FIRST, '-f', 'html', '--out', tmp_path / 'dist' / 'sub')
    assert result.exit_code == 1
    assert result.output.startswith(f'Error: cannot write {tmp_path / "dist"}')


def test_update_reports_each_catalog_as_status_reads_it_back(workspace):
    """update counts what it merged without reading it back: the counts must be those of the files written."""
    import json

    record = record_of(workspace, SEED)
    record.write_text(record.read_text().replace('to expand cooperation', 'to widen cooperation', 1))
    po = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    po.write_text(po.read_text().replace('msgstr "지난 행사"', 'msgstr ""'))
    result = invoke('update', record)
    assert result.exit_code == 0, result.output

    def where(name):  # each command shows paths from its own folder
        return Path(name).parts[-3:]

    reported = {where(line.split(':')[0]): tuple(map(int, re.findall(r'(\d+) (?:translated|fuzzy|untranslated|obsolete)', line)))
                for line in result.output.splitlines()}
    status = subprocess.run([sys.executable, '-m', 'publisher', 'status', '--json', str(record)], cwd=workspace,
                            capture_output=True, text=True, check=True)
    read_back = {where(row['catalog']): (row['translated'], row['fuzzy'], row['untranslated'], row['obsolete'])
                 for row in json.loads(status.stdout)['catalogs']}
    assert reported and {name: reported[name] for name in read_back} == read_back
    assert reported[where(po)][1:3] == (1, 1)


def test_status_counts_each_catalog(workspace):
    po = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    text = po.read_text().replace('msgstr "지난 행사"', 'msgstr ""')
    po.write_text(text.replace('#, python-brace-format\nmsgctxt "title"', '#, fuzzy, python-brace-format\nmsgctxt "title"'))
    result = subprocess.run([sys.executable, '-m', 'publisher', 'status', '--json'], cwd=workspace,
                            capture_output=True, text=True, check=True)
    import json
    rows = {(row['domain'], row['language']): row for row in json.loads(result.stdout)['catalogs']}
    assert {key: (row['translated'], row['fuzzy'], row['untranslated']) for key, row in rows.items()} == {
        (SEED, 'ko'): (21, 1, 1), ('publisher', 'ko'): (30, 0, 0), (KOREAN_FIRST, 'en'): (16, 0, 0),
        (SEED, 'th'): (23, 0, 0), ('publisher', 'th'): (30, 0, 0), (SEED, 'my'): (23, 0, 0), ('publisher', 'my'): (30, 0, 0),
        (KOREAN_SAMPLE, 'en'): (37, 0, 0), (ENGLISH_SAMPLE, 'ko'): (28, 0, 0)}
    assert rows[SEED, 'ko']['percent'] == 91.3


def test_status_fails_under_the_threshold(workspace):
    def status(*args):
        return subprocess.run([sys.executable, '-m', 'publisher', 'status', *args], cwd=workspace,
                              capture_output=True, text=True)
    complete = status('--fail-under', '100')
    assert complete.returncode == 0 and re.search(r'mois-asean-corps-2019 +ko +23 +0 +0 +0 +0 +100.0%', complete.stdout)
    po = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    po.write_text(po.read_text().replace('msgstr "지난 행사"', 'msgstr ""'))
    incomplete = status('--fail-under', '100')
    assert incomplete.returncode == 1
    assert f'locales/ko/LC_MESSAGES/{SEED}.po: 95.7% translated, under 100.0%' in incomplete.stderr


def test_compile_leaves_fuzzy_entries_out(workspace):
    po = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    po.write_text(po.read_text().replace('#. breadcrumb[2]\n', '#. breadcrumb[2]\n#, fuzzy\n'))
    result = subprocess.run([sys.executable, '-m', 'publisher', 'compile', f'samples/{SEED}'], cwd=workspace,
                            capture_output=True, text=True, check=True)
    assert f'locales/ko/LC_MESSAGES/{SEED}.mo' in result.stdout
    import gettext
    with open(po.with_suffix('.mo'), 'rb') as file:
        translations = gettext.GNUTranslations(file)
    assert translations.pgettext('breadcrumb', 'Government Innovation') == '정부혁신'
    assert translations.pgettext('breadcrumb', 'Previous Events') == 'Previous Events'


def test_render_reads_the_catalog_as_it_is_now_not_a_compiled_one(workspace):
    po = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    subprocess.run([sys.executable, '-m', 'publisher', 'compile', f'samples/{SEED}'], cwd=workspace, check=True,
                   capture_output=True)
    po.write_text(po.read_text().replace('msgstr "지난 행사"', 'msgstr "이전 행사"'))
    result = invoke('render', record_of(workspace, SEED), '-l', 'ko', '-f', 'html', '--out', workspace / 'dist')
    assert result.exit_code == 0
    assert '이전 행사' in (workspace / 'dist' / SEED / f'{SEED}.ko.html').read_text()


@pytest.mark.parametrize('value', ['xx', '', 'ko/../x', 'KO'])
def test_a_bad_language_is_a_usage_error(workspace, value):
    result = invoke('update', record_of(workspace, SEED), '-l', value)
    assert result.exit_code == 2 and 'is not a language code such as en or ko' in result.output


def test_update_refuses_a_language_the_release_is_not_in(workspace):
    result = invoke('update', record_of(workspace, SEED), '-l', 'fr')
    assert result.exit_code == 1
    assert "languages: cannot translate into 'fr': the release is in ko, en" in result.output
    assert not (workspace / 'locales' / 'fr').exists()


def test_status_finds_the_release_folders_of_the_workspace(workspace, monkeypatch):
    (workspace / 'samples').rename(workspace / 'releases')
    monkeypatch.chdir(workspace)
    result = invoke('status')
    assert result.exit_code == 0 and SEED in result.output and KOREAN_FIRST in result.output


def test_extract_says_what_it_wrote_and_what_was_already_current(workspace):
    path = record_of(workspace, SEED)
    path.write_text(path.read_text().replace('  - Previous Events\n', '  - Previous Events\n  - ASEAN\n', 1))
    first = invoke('extract', path)
    assert first.exit_code == 0, first.output
    assert f'{workspace / "locales" / SEED}.pot: written; 24 strings' in first.output
    assert f'{workspace / "locales" / "publisher.pot"}: unchanged; 30 strings' in first.output
    again = invoke('extract', path)
    assert f'{workspace / "locales" / SEED}.pot: unchanged; 24 strings' in again.output


def test_a_copied_record_that_keeps_its_id_is_refused_before_it_overwrites_anything(workspace):
    """Starting a release from a copy of the last one: its catalogs and outputs would be the old one's."""
    import shutil
    shutil.copytree(workspace / 'samples' / SEED, workspace / 'samples' / 'new-release')
    copy = record_of(workspace, 'new-release')
    copy.write_text(copy.read_text().replace('title: "{mois.short} to expand', 'title: "{mois.short} will expand'))
    catalog = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    before = catalog.read_bytes()
    expected = (f"{copy}:5: id: '{SEED}' is also the id of {record_of(workspace, SEED)}; "
                'give each release its own id (its catalogs and outputs are named after it)')
    for command in ('check', 'update', 'render'):
        alone = invoke(command, copy, *(['--out', workspace / 'dist'] if command == 'render' else []))
        assert alone.exit_code == 1 and expected in alone.output, alone.output
    together = invoke('check', *sorted((workspace / 'samples').iterdir()))
    assert together.exit_code == 1 and together.output.count("is also the id of") == 1
    assert catalog.read_bytes() == before and not (workspace / 'dist').exists()


def test_check_reports_the_catalogs_of_good_records_beside_a_broken_record(workspace):
    path = record_of(workspace, KOREAN_FIRST)
    path.write_text(path.read_text().replace('published: 2019-11-26', 'published: 2019-11-31'))
    po = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    po.write_text(po.read_text().replace('{yoon} {yoon.title}을 단장으로', '{yoon.title}을 단장으로'))
    result = invoke('check', *sorted((workspace / 'samples').iterdir()))
    assert result.exit_code == 1
    assert 'published: give a date as year-month-day, such as 2019-09-27' in result.output and 'drops {yoon}' in result.output


def test_render_shows_a_progress_bar_on_a_terminal_and_a_line_per_release_elsewhere(tmp_path):
    import os
    import pty

    samples = [str(ROOT / 'samples' / SEED), str(ROOT / 'samples' / KOREAN_FIRST)]
    plain = subprocess.run([sys.executable, '-m', 'publisher', 'render', *samples, '-f', 'html', '--out', 'plain'],
                           cwd=tmp_path, capture_output=True, text=True)
    assert plain.returncode == 0 and plain.stderr == ''
    counts = [sum(path.is_file() and path.name not in ('.publisher-manifest.json', '.publisher-published.json')
                  for path in (tmp_path / 'plain' / release).rglob('*')) for release in (SEED, KOREAN_FIRST)]
    assert counts[0] > 5 and counts[1] > 4  # pages and fragments, photos, font subsets
    assert plain.stdout == f'plain/{SEED}: {counts[0]} written\nplain/{KOREAN_FIRST}: {counts[1]} written\n'
    terminal, inside = pty.openpty()
    with_bar = subprocess.run([sys.executable, '-m', 'publisher', 'render', *samples, '-f', 'html', '--out', 'bar'],
                              cwd=tmp_path, stdout=subprocess.PIPE, stderr=inside, text=True)
    os.close(inside)
    shown = os.read(terminal, 65536).decode()
    os.close(terminal)
    assert with_bar.returncode == 0 and with_bar.stdout == plain.stdout.replace('plain/', 'bar/')
    assert 'Rendering' in shown and '100%' in shown and f'{sum(counts)} written' in shown


WRONG_PARTICLES = '''\
id: particles
source_language: ko
languages: [ko]
published: 2019-11-26
issuer: mois
title: "{mois}은 {busan}를 찾았다"
lead: >-
  {jin}는 {day}가 지나 {week}와 {month}를 돌아보았다.
body:
  - "{fund}는 {jin.short}가 {opdc}과 나눈다."
  - "{rate}이 {mois.short}으로 보고되었다. {busan}은(는) 두 가지로 써도 된다."
  - "{pct}이 {plan}를 {talks}는 {site}와 {jin.titled}는 {countries}를 {day.weekday}는 보았다."
organisations:
  mois: {name: {ko: 행정안전부}, short: {ko: 행안부}}
  opdc: {name: {ko: OPDC}}
people:
  jin: {name: {ko: 진영}, short: {ko: 진 장관}, title: {ko: 행정안전부 장관}}
places:
  busan: {name: {ko: 부산}}
dates:
  day: 2019-11-26
  week: {start: 2019-11-25, end: 2019-11-27}
  month: 2019-11
  plan: {start: 2020, end: 2022}
  talks: {start: 2019-11-26T14:00+09:00, end: 2019-11-26T17:30+09:00}
numbers: {pct: 87%, countries: 10}
links:
  site: {url: https://www.mois.go.kr, label: {ko: 행정안전부 누리집}}
amounts:
  fund: {value: 3000000000, currency: KRW}
  rate: {value: 5500000, currency: USD}
'''


def test_check_corrects_every_wrong_particle_of_korean_prose_and_says_where(tmp_path):
    (tmp_path / 'locales').mkdir()
    record = tmp_path / 'release.yaml'
    record.write_text(WRONG_PARTICLES)
    result = invoke('check', record)
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if 'corrected when rendering' in line]
    located = [re.match(r'.*release\.yaml:(\d+): (\S+): (.*) → (\S+) ', line).groups() for line in notes]
    assert located == [
        ('6', 'title', '{mois}은', '{mois}는'),
        ('6', 'title', '{busan}를', '{busan}을'),
        ('8', 'lead', '{jin}는', '{jin}은'),
        ('8', 'lead', '{day}가', '{day}이'),
        ('8', 'lead', '{week}와', '{week}과'),
        ('8', 'lead', '{month}를', '{month}을'),
        ('10', 'body[0]', '{fund}는', '{fund}은'),
        ('10', 'body[0]', '{jin.short}가', '{jin.short}이'),
        ('10', 'body[0]', '{opdc}과', '{opdc}와'),
        ('11', 'body[1]', '{rate}이', '{rate}가'),
        ('11', 'body[1]', '{mois.short}으로', '{mois.short}로'),
        ('12', 'body[2]', '{pct}이', '{pct}가'),
        ('12', 'body[2]', '{plan}를', '{plan}을'),
        ('12', 'body[2]', '{talks}는', '{talks}은'),
        ('12', 'body[2]', '{site}와', '{site}과'),
        ('12', 'body[2]', '{jin.titled}는', '{jin.titled}은'),
        ('12', 'body[2]', '{countries}를', '{countries}을'),
        ('12', 'body[2]', '{day.weekday}는', '{day.weekday}은'),
    ]  # 은(는) leaves the choice open: corrected, but no mistake to report


def test_check_teaches_the_particle_it_corrected_in_a_reviewed_translation(workspace):
    po = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    text = po.read_text()
    assert '{yoon.title}을 단장으로' in text
    po.write_text(text.replace('{yoon.title}을 단장으로', '{yoon.title}를 단장으로'))
    line = next(number for number, content in enumerate(po.read_text().splitlines(), 1) if '{yoon.title}를' in content)
    result = invoke('check', record_of(workspace, SEED))
    assert result.exit_code == 0, result.output
    assert re.search(rf'{re.escape(str(po))}:\d+: msgstr: {{yoon.title}}를 → {{yoon.title}}을 '
                     r'\(행정안전부 차관 ends in a consonant\)', result.output)
    reported = int(re.search(rf'{re.escape(str(po))}:(\d+): msgstr: {{yoon.title}}', result.output)[1])
    assert reported <= line < reported + 4


def test_check_reports_an_unknown_style_key_and_value_with_their_lines(workspace):
    (workspace / 'style.yaml').write_text('# house style\nmoney: words\nmony: short\nmoney: dollars\n')
    for command in ('check', 'render'):
        result = invoke(command, record_of(workspace, SEED), *(['--out', workspace / 'dist'] if command == 'render' else []))
        assert result.exit_code == 1, result.output
        assert f'{workspace / "style.yaml"}:3: mony: unknown key; the keys are money, percent, clock, corrected_title, acronyms' in result.output
        assert f"{workspace / 'style.yaml'}:4: money: 'dollars' is not one of words, short, symbol" in result.output
        assert 'Traceback' not in result.output
    assert not (workspace / 'dist').exists()


def test_check_refuses_a_particle_written_as_two_forms_that_are_no_pair(tmp_path):
    (tmp_path / 'locales').mkdir()
    record = tmp_path / 'release.yaml'
    record.write_text(WRONG_PARTICLES.replace('"{fund}는 ', '"{fund}은(가) '))
    result = invoke('check', record)
    assert result.exit_code == 1
    assert (f'{record}:10: body[0]: {{fund}}은(가): 은(가) is no particle pair; write one form, such as 은, 는 or 은(는)'
            in result.output)


def test_check_teaches_the_english_article_it_corrected(workspace):
    path = record_of(workspace, SEED)
    path.write_text(path.read_text().replace('(until 2023, a {jakarta_its} project', '(until 2023, an {jakarta_its} project'))
    result = invoke('check', path)
    assert result.exit_code == 0, result.output
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if 'an {jakarta_its}' in text)
    assert (f'{path}:{line}: body[1].note: an {{jakarta_its}} → a {{jakarta_its}} '
            '(USD 5.5 million starts with a consonant sound) (corrected when rendering)') in result.output


@pytest.mark.parametrize('output_format', ['html', 'hwpx', 'pdf'])
@pytest.mark.parametrize('noncharacter', ['\\uFFFE', '\\uFFFF'])
def test_render_refuses_a_noncharacter_before_writing_anything(workspace, output_format, noncharacter):
    """As check does: HTML feeds and HWPX are XML, which cannot hold U+FFFE or U+FFFF."""
    record = record_of(workspace, SEED)
    record.write_text(record.read_text().replace('title: "{mois.short} to', f'title: "{noncharacter}{{mois.short}} to'))
    out = workspace / 'dist'
    result = invoke('render', record, '-l', 'en', '-f', output_format, '--out', out)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert re.search(rf'release\.yaml:\d+: title: U\+{noncharacter[2:]} is a noncharacter', result.output), result.output
    assert not out.exists()


@pytest.mark.parametrize('damage', ['a byte-order mark', 'a noncharacter in a translation'])
def test_render_reports_each_problem_of_a_catalog_once(workspace, damage):
    """The release's catalog is read for its translations and for what is left to review: a problem
    in it is one line of the report, as check gives it."""
    path = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    if damage == 'a byte-order mark':
        path.write_bytes(b'\xef\xbb\xbf' + path.read_bytes())
    else:
        path.write_text(path.read_text().replace('msgstr "아세안"', 'msgstr "아세안\uffff"', 1))
    out = workspace / 'dist'
    result = invoke('render', record_of(workspace, SEED), '-l', 'ko', '-f', 'html', '--out', out)
    assert result.exit_code == 1, result.output
    problems = [line for line in result.output.splitlines() if f'LC_MESSAGES/{SEED}.po:' in line]
    assert len(problems) == 1 and '1 problem found; nothing was written.' in result.output, result.output
    assert not out.exists()


def test_check_and_render_default_to_the_workspaces_records(workspace, monkeypatch):
    """As status and serve do: a newcomer types the verb alone in their workspace."""
    monkeypatch.chdir(workspace)
    checked = invoke('check')
    assert checked.exit_code == 0, checked.output
    assert f'samples/{SEED}/release.yaml: ok' in checked.output and f'samples/{KOREAN_FIRST}/release.yaml: ok' in checked.output
    rendered = invoke('render', '-l', 'en', '-f', 'html', '--out', workspace / 'dist')
    assert rendered.exit_code == 0, rendered.output
    assert {SEED, KOREAN_FIRST} <= {path.name for path in (workspace / 'dist').iterdir()}


def files_under(folder):
    return {path.relative_to(folder): path.read_bytes() for path in sorted(folder.rglob('*')) if path.is_file()}


@pytest.mark.parametrize('verb', ['extract', 'update', 'compile'])
def test_catalog_verbs_default_to_the_workspaces_records(workspace, tmp_path_factory, monkeypatch, verb):
    """The verb alone in a workspace writes the very files the verb on samples/* writes."""
    named = tmp_path_factory.mktemp('named')
    for name in ('samples', 'locales'):
        shutil.copytree(workspace / name, named / name)
    shutil.copy(workspace / 'glossary.yaml', named / 'glossary.yaml')
    for root in (workspace, named):  # a string changed, a catalog gone: something for the verb to do
        record = record_of(root, SEED)
        record.write_text(record.read_text().replace('  - ASEAN\n', '  - ASEAN member states\n', 1))
        (root / 'locales' / 'en' / 'LC_MESSAGES' / f'{KOREAN_FIRST}.po').unlink()
    before = files_under(workspace / 'locales')
    monkeypatch.chdir(named)
    given = invoke(verb, *sorted((named / 'samples').iterdir()))
    assert given.exit_code == 0, given.output
    monkeypatch.chdir(workspace)
    alone = invoke(verb)
    assert alone.exit_code == 0, alone.output
    assert alone.output == given.output
    assert files_under(workspace / 'locales') == files_under(named / 'locales') != before


def test_review_defaults_to_the_workspaces_records(workspace, monkeypatch):
    """An entry to review in each of two releases' Korean catalogs: review -l ko alone shows both."""
    catalogs = [workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{release}.po'
                for release in (SEED, 'mois-smart-cities-fund-2019')]
    for path in catalogs:
        text = path.read_text()
        flag = text.index('\n', text.index('\n#: ') + 1) + 1  # after the first entry's reference
        path.write_text(text[:flag] + '#, fuzzy\n' + text[flag:])
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(main, ['review', '-l', 'ko'], input='s\ns\n')
    assert result.exit_code == 0, result.output
    assert re.search(rf'1 of 2  locales/ko/LC_MESSAGES/{SEED}\.po:\d+', result.output), result.output
    assert re.search(r'2 of 2  locales/ko/LC_MESSAGES/mois-smart-cities-fund-2019\.po:\d+', result.output)


def test_check_without_records_outside_a_workspace_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke('check')
    assert result.exit_code == 2 and 'no records given, and no release.yaml under' in result.output


def test_review_defaults_to_the_one_language_a_record_is_translated_into(workspace):
    result = invoke('review', record_of(workspace, KOREAN_FIRST))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize('verb', ['review', 'translate'])
def test_with_several_target_languages_the_language_must_be_given(workspace, verb):
    result = invoke(verb, record_of(workspace, SEED))
    assert result.exit_code == 2
    assert 'give the language with -l: these records are translated into ko, my, th' in result.output
