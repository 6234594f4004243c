"""Machine drafts against a LibreTranslate server on loopback, and the publish gate."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest

from pypdf import PdfReader

from publisher.drafts import mask
from publisher.pofile import read_po

from conftest import SEED
from libretranslate import LibreTranslate


@pytest.fixture
def server():
    with LibreTranslate() as running:
        yield running


@pytest.fixture
def emptied(workspace):
    """The workspace with the Korean translations of the seed emptied."""
    path = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    po = read_po(path)
    path.write_text(po.text_of(po.header, [entry.changed(msgstr='') for entry in po.entries]))
    return workspace


def publisher(workspace, *args, timeout=60):
    environment = {**os.environ, 'XDG_CACHE_HOME': str(workspace / '.cache')}
    return subprocess.run([sys.executable, '-m', 'publisher', *map(str, args)], cwd=workspace, env=environment,
                          capture_output=True, text=True, timeout=timeout)


def translate(workspace, server, *options):
    return publisher(workspace, 'translate', f'samples/{SEED}', '-l', 'ko', '--provider', 'libre',
                     '--provider-url', server.url, *options)


def seed_entries(workspace):
    return read_po(workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po').entries


def test_masks_keep_placeholders_markup_urls_numbers_and_terms():
    masked = mask('{yoon} met <em>ASEAN</em> staff on 23 September, see https://mois.go.kr/x.',
                  [('ASEAN', '아세안')])
    assert masked.text == '{0} met {1}{5}{2} staff on {3} September, see {4}.'
    assert masked.restore(masked.text.replace('met', '만났다')) == (
        '{yoon} 만났다 <em>아세안</em> staff on 23 September, see https://mois.go.kr/x.')


def test_every_empty_entry_gets_a_fuzzy_draft_with_its_provenance(emptied, server):
    templates = (emptied / 'locales' / 'ko' / 'LC_MESSAGES' / 'publisher.po').read_bytes()
    result = translate(emptied, server)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(f'review them with:\n  publisher review samples/{SEED} -l ko\n')
    entries = seed_entries(emptied)
    assert len(entries) == 23 and all(entry.fuzzy and entry.msgstr for entry in entries)
    stamp = f'machine draft: libre, {time.strftime("%Y-%m-%d")}'
    kept_as_they_are = {'ASEAN', 'Thailand', 'Myanmar', '{mois}'}  # glossary terms, a placeholder alone
    assert all(stamp in entry.extracted_comments for entry in entries if entry.msgid not in kept_as_they_are)
    for entry in entries:
        expected = entry.msgid if entry.msgid in kept_as_they_are else f'[ko] {entry.msgid}'
        for term, official in (('ASEAN', '아세안'), ('Thailand', '태국'), ('Myanmar', '미얀마'), ('Cambodia', '캄보디아'),
                               ('Indonesia', '인도네시아'), ('Jakarta', '자카르타'), ('New Southern Policy', '신남방정책')):
            expected = expected.replace(term, official)
        assert entry.msgstr == expected
    assert (emptied / 'locales' / 'ko' / 'LC_MESSAGES' / 'publisher.po').read_bytes() == templates
    assert {request['target'] for request in server.requests} == {'ko'}
    assert not any('{yoon' in request['q'] for request in server.requests)
    subprocess.run(['msgfmt', '-c', '--check-format', '-o', '/dev/null',
                    str(emptied / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po')], check=True)


def test_a_glossary_term_alone_is_drafted_without_asking_the_provider(emptied, server):
    assert translate(emptied, server).returncode == 0
    keywords = {entry.msgid: entry for entry in seed_entries(emptied) if entry.msgctxt == 'keyword'}
    assert (keywords['Thailand'].msgstr, keywords['Myanmar'].msgstr, keywords['ASEAN'].msgstr) == ('태국', '미얀마', '아세안')
    assert all(keyword.fuzzy for keyword in keywords.values())
    assert f'machine draft: glossary, {time.strftime("%Y-%m-%d")}' in keywords['Thailand'].extracted_comments
    sent = [request['q'] for request in server.requests]
    assert 'public administration' in sent and not [text for text in sent if re.fullmatch(r'[\W\d]*', text)]


def test_reviewed_and_human_fuzzy_entries_are_never_touched(emptied, server):
    path = emptied / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    text = path.read_text().replace('msgctxt "breadcrumb"\nmsgid "Previous Events"\nmsgstr ""',
                                    'msgctxt "breadcrumb"\nmsgid "Previous Events"\nmsgstr "지난 행사"')
    text = text.replace('#, python-brace-format\nmsgctxt "title"', '#, fuzzy, python-brace-format\n#| msgid "Old title"\nmsgctxt "title"')
    path.write_text(text)
    assert translate(emptied, server).returncode == 0
    entries = {entry.msgid[:20]: entry for entry in seed_entries(emptied)}
    assert entries['Previous Events'].msgstr == '지난 행사' and not entries['Previous Events'].fuzzy
    title = next(entry for entry in seed_entries(emptied) if entry.msgctxt == 'title')
    assert title.msgstr == '' and title.previous_msgid == 'Old title'
    assert len(server.requests) == 23 - 4 - 2  # neither glossary terms nor a placeholder alone, nor the two entries kept


def test_a_second_run_is_served_from_the_cache(emptied, server):
    assert translate(emptied, server).returncode == 0
    first = len(server.requests)
    path = emptied / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    po = read_po(path)
    path.write_text(po.text_of(po.header, [entry.changed(msgstr='', flags=('python-brace-format',) if 'python-brace-format' in entry.flags else ()) for entry in po.entries]))
    result = translate(emptied, server)
    assert result.returncode == 0 and '(19 from the cache)' in result.stdout
    assert len(server.requests) == first


def test_429_and_500_are_retried_honouring_retry_after(emptied, server):
    server.fail_next((429, 1), 500, 'drop')
    start = time.perf_counter()
    result = translate(emptied, server, '--jobs', '1')
    assert result.returncode == 0, result.stderr
    assert time.perf_counter() - start >= 1
    assert all(entry.fuzzy and entry.msgstr for entry in seed_entries(emptied))
    assert len(server.requests) == 19 + 3


def test_a_slow_answer_is_cut_off_and_retried(emptied, server):
    server.fail_next('slow')
    result = translate(emptied, server, '--jobs', '1', '--timeout', '1')
    assert result.returncode == 0, result.stderr
    assert all(entry.msgstr for entry in seed_entries(emptied))


def test_a_draft_that_loses_a_placeholder_is_reported_not_written(emptied, server):
    server.fail_next(None, None, None, None, None, 'mangle')  # the sixth sent, the title, has a placeholder
    result = translate(emptied, server, '--jobs', '1')
    assert result.returncode == 0
    assert 'not drafted: the provider lost' in result.stderr
    entries = seed_entries(emptied)
    assert sum(not entry.msgstr for entry in entries) == 1 and '22 of 23' in result.stdout


def test_a_provider_that_cannot_be_reached_gives_one_message(emptied):
    with LibreTranslate() as stopped:
        url = stopped.url
    start = time.perf_counter()
    result = publisher(emptied, 'translate', f'samples/{SEED}', '-l', 'ko', '--provider-url', url, '--timeout', '5')
    assert time.perf_counter() - start < 5
    assert result.returncode == 1 and 'Traceback' not in result.stderr
    assert f'Error: libre at {url}: cannot connect (connection refused)' in result.stderr
    # Only what needed no provider was drafted: the glossary's terms, and a placeholder alone.
    drafted = {entry.msgid for entry in seed_entries(emptied) if entry.msgstr}
    assert drafted == {'ASEAN', 'Thailand', 'Myanmar', '{mois}'}


def test_the_gate_the_draft_marks_and_review(emptied, server):
    assert translate(emptied, server).returncode == 0
    refused = publisher(emptied, 'render', f'samples/{SEED}', '--out', 'dist')
    assert refused.returncode == 1
    assert 'ko: 24 strings not reviewed (0 untranslated, 24 fuzzy)' in refused.stderr
    assert not (emptied / 'dist').exists()

    draft = publisher(emptied, 'render', f'samples/{SEED}', '--out', 'dist', '--draft')
    assert draft.returncode == 0, draft.stderr
    folder = emptied / 'dist' / SEED
    for edition, mark in (('ko', '초안'), ('en', 'DRAFT'), ('ko-en', '초안')):
        page = (folder / f'{SEED}.{edition}.draft.html').read_text()
        assert '<meta name="robots" content="noindex">' in page and 'class="publisher-draft"' in page
        pages = PdfReader(folder / f'{SEED}.{edition}.draft.pdf').pages
        assert all(mark in ''.join(page.extract_text().split()) for page in pages), edition
    # A draft never takes the name of what would be published.
    assert sorted(path.name for path in folder.glob('*.*') if '.draft.' not in path.name) == []
    assert PdfReader(folder / f'{SEED}.ko.draft.pdf').metadata['/Keywords'].split(', ')[-1] == 'draft'

    answers = 'a\n' * 23
    reviewed = subprocess.run([sys.executable, '-m', 'publisher', 'review', f'samples/{SEED}', '-l', 'ko'],
                              cwd=emptied, input=answers, capture_output=True, text=True)
    assert reviewed.returncode == 0, reviewed.stderr
    entries = seed_entries(emptied)
    assert not any(entry.fuzzy for entry in entries)
    assert all(any(c.startswith('machine draft: ') for c in entry.extracted_comments) for entry in entries)
    published = publisher(emptied, 'render', f'samples/{SEED}', '--out', 'dist2', '-f', 'html')
    assert published.returncode == 0, published.stderr
    page = (emptied / 'dist2' / SEED / f'{SEED}.ko.html').read_text()
    assert 'class="publisher-draft"' not in page and 'noindex' not in page


def test_review_can_edit_and_skip(emptied, server):
    assert translate(emptied, server).returncode == 0
    answers = 's\ne\n대표단 {yoon}\n정부혁신 국제협력\nq\n'
    result = subprocess.run([sys.executable, '-m', 'publisher', 'review', f'samples/{SEED}', '-l', 'ko'],
                            cwd=emptied, input=answers, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert 'adds {yoon}' in result.stderr
    entries = seed_entries(emptied)
    assert entries[0].fuzzy
    assert (entries[1].msgstr, entries[1].fuzzy) == ('정부혁신 국제협력', False)


def test_an_interrupted_run_keeps_the_drafts_received(emptied):
    import signal
    with LibreTranslate(latency=0.4) as slow:
        environment = {**os.environ, 'XDG_CACHE_HOME': str(emptied / '.cache')}
        run = subprocess.Popen([sys.executable, '-m', 'publisher', 'translate', f'samples/{SEED}', '-l', 'ko',
                                '--provider-url', slow.url, '--jobs', '1'], cwd=emptied, env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        while len(slow.requests) < 5:
            time.sleep(0.05)
        run.send_signal(signal.SIGINT)
        assert run.wait(timeout=10) != 0
    drafted = [entry for entry in seed_entries(emptied) if entry.msgstr]
    assert 3 <= len(drafted) < 23 and all(entry.fuzzy for entry in drafted)
    subprocess.run(['msgfmt', '-c', '-o', '/dev/null',
                    str(emptied / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po')], check=True)


@pytest.mark.parametrize('language', ['th', 'my'])
def test_thai_and_burmese_catalogs_are_drafted_through_the_server(workspace, server, language):
    path = workspace / 'locales' / language / 'LC_MESSAGES' / f'{SEED}.po'
    po = read_po(path)
    path.write_text(po.text_of(po.header, [entry.changed(msgstr='') for entry in po.entries]))
    result = publisher(workspace, 'translate', f'samples/{SEED}', '-l', language, '--provider', 'libre',
                       '--provider-url', server.url)
    assert result.returncode == 0, result.stderr
    entries = read_po(path).entries
    assert all(entry.fuzzy and entry.msgstr for entry in entries)
    assert any(entry.msgstr.startswith(f'[{language}] ') for entry in entries)
    assert {(request['source'], request['target']) for request in server.requests} == {('en', language)}
    subprocess.run(['msgfmt', '-c', '--check-format', '-o', '/dev/null', str(path)], check=True)
