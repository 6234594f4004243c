"""publisher status: where each release stands, what goes out next first, in a documented JSON schema."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest

from publisher.workspace import PACKAGE

from conftest import ENGLISH_SAMPLE, KOREAN_FIRST, KOREAN_SAMPLE, SEED, record_of

SCHEMA = json.loads((PACKAGE / 'status.schema.json').read_text())


def status(workspace, *args):
    result = subprocess.run([sys.executable, '-m', 'publisher', 'status', *map(str, args)], cwd=workspace,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def states(workspace, *args):
    document = json.loads(status(workspace, '--json', '--out', workspace / 'dist', *args))
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return {row['release']: row for row in document['releases']}, [row['release'] for row in document['releases']]


def embargo(workspace, release, moment):
    path = record_of(workspace, release)
    text = path.read_text()
    if 'embargo:' in text:
        lines = [f'embargo: {moment}' if line.startswith('embargo:') else line for line in text.splitlines()]
        path.write_text('\n'.join(lines) + '\n')
    else:
        path.write_text(text.replace('\npublished:', f'\nembargo: {moment}\npublished:', 1))


def test_status_json_follows_its_schema(workspace):
    rows, _ = states(workspace)
    assert set(rows) == {SEED, KOREAN_FIRST, KOREAN_SAMPLE, ENGLISH_SAMPLE}


def test_a_release_with_strings_to_review_is_a_draft_naming_its_languages(workspace):
    po = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    po.write_text(po.read_text().replace('msgstr "지난 행사"', 'msgstr ""'))
    rows, _ = states(workspace)
    assert rows[SEED]['state'] == 'draft' and rows[SEED]['unreviewed'] == {'ko': 1}
    assert rows[KOREAN_FIRST]['state'] != 'draft'


def test_a_template_string_to_review_makes_every_release_in_its_language_a_draft(workspace):
    po = workspace / 'locales' / 'th' / 'LC_MESSAGES' / 'publisher.po'
    text = po.read_text()
    start = text.index('msgid "Press release"')
    po.write_text(text[:start] + '#, fuzzy\n' + text[start:])
    rows, _ = states(workspace)
    assert rows[SEED]['state'] == 'draft' and rows[SEED]['unreviewed'] == {'th': 1}
    assert rows[KOREAN_FIRST]['state'] == 'ready'  # it is not published in Thai


@pytest.mark.parametrize('now, state', [('2099-01-01T11:59+09:00', 'embargoed'),
                                        ('2099-01-01T12:00+09:00', 'ready')])
def test_a_release_is_embargoed_until_its_embargo_and_ready_from_then(workspace, now, state):
    embargo(workspace, KOREAN_FIRST, '2099-01-01T12:00:00+09:00')
    rows, _ = states(workspace, '--now', now)
    assert rows[KOREAN_FIRST]['state'] == state
    assert rows[KOREAN_FIRST]['embargo'] == {'local': '2099-01-01T12:00:00+09:00', 'utc': '2099-01-01T03:00:00Z'}


def test_the_table_gives_the_embargo_in_the_issuers_zone_and_in_utc(workspace):
    embargo(workspace, KOREAN_FIRST, '2099-01-01T12:00:00+09:00')
    table = status(workspace, '--now', '2098-12-31T00:00Z', '--out', workspace / 'dist')
    line = next(line for line in table.splitlines() if line.startswith(KOREAN_FIRST))
    assert 'embargoed until 2099-01-01 12:00 +09:00 (2099-01-01 03:00 UTC)' in line
    assert line.rstrip().endswith('ko, en')


def test_what_goes_out_next_comes_first(workspace):
    embargo(workspace, SEED, '2099-03-01T09:00:00+09:00')
    embargo(workspace, KOREAN_FIRST, '2099-01-01T12:00:00+09:00')
    _, order = states(workspace, '--now', '2098-01-01T00:00Z')
    # The joint release's embargo has passed and the English release has none: both may go out now.
    assert order == [KOREAN_SAMPLE, ENGLISH_SAMPLE, KOREAN_FIRST, SEED]
    embargo(workspace, KOREAN_FIRST, '2099-06-01T12:00:00+09:00')
    _, order = states(workspace, '--now', '2098-01-01T00:00Z')
    assert order == [KOREAN_SAMPLE, ENGLISH_SAMPLE, SEED, KOREAN_FIRST]


def test_last_change_is_that_of_the_record_or_a_catalog(workspace):
    import os
    for path in [record_of(workspace, SEED), *workspace.glob('locales/**/*.po')]:
        os.utime(path, (1_700_000_000, 1_700_000_000))
    os.utime(workspace / 'locales' / 'th' / 'LC_MESSAGES' / f'{SEED}.po', (1_800_000_000, 1_800_000_000))
    rows, _ = states(workspace)
    assert rows[SEED]['last_change'] == '2027-01-15T08:00:00Z'


def test_a_moment_without_its_offset_is_refused(workspace):
    result = subprocess.run([sys.executable, '-m', 'publisher', 'status', '--now', '2099-01-01T12:00'], cwd=workspace,
                            capture_output=True, text=True)
    assert result.returncode == 2 and 'has no UTC offset' in result.stderr and 'Traceback' not in result.stderr


def test_a_release_rendered_into_the_output_folder_is_published_there_at_a_real_moment(workspace):
    result = subprocess.run([sys.executable, '-m', 'publisher', 'render', f'samples/{SEED}', '-l', 'en', '-f', 'html',
                             '--out', 'dist', '--now', '2026-12-04T09:30+09:00'], cwd=workspace,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    rows, order = states(workspace)
    assert (rows[SEED]['state'], rows[SEED]['published'], rows[SEED]['version']) == \
           ('published', '2026-12-04T00:30:00Z', 1)
    assert rows[KOREAN_FIRST]['state'] == 'ready' and order == [KOREAN_FIRST, KOREAN_SAMPLE, ENGLISH_SAMPLE, SEED]


def test_an_embargoed_release_rendered_is_not_published_until_its_embargo(workspace):
    embargo(workspace, KOREAN_FIRST, '2099-01-01T12:00:00+09:00')
    for now in ('2098-12-31T00:00Z', '2099-01-01T03:00Z'):
        result = subprocess.run([sys.executable, '-m', 'publisher', 'render', f'samples/{KOREAN_FIRST}', '-f', 'html',
                                 '--out', 'dist', '--now', now], cwd=workspace, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        rows, _ = states(workspace, '--now', now)
        assert rows[KOREAN_FIRST]['state'] == ('embargoed' if now.startswith('2098') else 'published')
    assert rows[KOREAN_FIRST]['published'] == '2099-01-01T03:00:00Z'


def test_a_correction_not_yet_published_goes_out_next(workspace):
    from test_publishing_history import correct

    render = [sys.executable, '-m', 'publisher', 'render', f'samples/{KOREAN_FIRST}', f'samples/{SEED}', '-f', 'html',
              '--out', 'dist', '--now', '2026-12-01T00:00Z']
    assert subprocess.run(render, cwd=workspace, capture_output=True, text=True).returncode == 0
    correct(workspace)  # dated 2026-12-04T10:00:00+09:00, translated and reviewed
    rows, order = states(workspace, '--now', '2026-12-05T00:00Z')
    assert (rows[KOREAN_FIRST]['state'], rows[KOREAN_FIRST]['version'], rows[SEED]['state']) == \
           ('corrected', 1, 'published')
    assert order[-1] == SEED  # the correction waits with the releases not out yet, before those out
    table = status(workspace, '--now', '2026-12-05T00:00Z', '--out', workspace / 'dist')
    assert 'corrected (1 correction; version 1 published; version 2 not published yet)' in table
    assert subprocess.run(render[:-1] + ['2026-12-05T00:00Z'], cwd=workspace, capture_output=True, text=True).returncode == 0
    rows, order = states(workspace, '--now', '2026-12-05T00:00Z')
    assert (rows[KOREAN_FIRST]['version'], order[-2:]) == (2, [SEED, KOREAN_FIRST])  # out, the latest first


def test_without_an_embargo_a_release_is_embargoed_until_it_is_distributed(workspace):
    path = record_of(workspace, ENGLISH_SAMPLE)
    path.write_text(path.read_text().replace('published: 2019-12-03\n',
                                             'published: 2099-01-01\ndistributed: 2099-01-01T12:00:00+09:00\n'))
    rows, _ = states(workspace, '--now', '2098-12-31T00:00Z')
    assert (rows[ENGLISH_SAMPLE]['state'], rows[ENGLISH_SAMPLE]['embargo']) == ('embargoed', None)
    table = status(workspace, '--now', '2098-12-31T00:00Z', '--out', workspace / 'dist')
    line = next(line for line in table.splitlines() if line.startswith(ENGLISH_SAMPLE))
    assert 'embargoed until 2099-01-01 12:00 +09:00 (2099-01-01 03:00 UTC)' in line
    rows, _ = states(workspace, '--now', '2099-01-01T03:00Z')
    assert rows[ENGLISH_SAMPLE]['state'] == 'ready'
