"""publisher diff: what changed since a release was last published, per language, word by word."""

from __future__ import annotations

import subprocess
import sys

import pytest

from publisher.publishing.diff import Change, changes, unannounced, word_diff
from publisher.publishing.history import History

from conftest import KOREAN_FIRST, SEED, record_of


@pytest.mark.parametrize('old, new, runs', [
    ('The forum opens on Monday.', 'The forum opens on Tuesday.',
     (('=', 'The forum opens on '), ('-', 'Monday'), ('+', 'Tuesday'), ('=', '.'))),
    ('림 족 호이 사무총장', '림족호이 사무총장', (('-', '림 족 호이 '), ('+', '림족호이 '), ('=', '사무총장'))),
    ('same words', 'same words', (('=', 'same words'),)),
    ('', 'A new paragraph.', (('+', 'A new paragraph.'),)),
])
def test_words_removed_and_added_are_runs_between_the_words_kept(old, new, runs):
    assert word_diff(old, new) == runs


def test_only_the_lines_that_changed_are_shown_the_removed_last():
    published = [['title', 'A'], ['lead', 'Same lead.'], ['body[0]', 'Gone.']]
    now = [['title', 'B'], ['lead', 'Same lead.'], ['body[1]', 'New.']]
    assert changes(published, now) == [Change('title', (('-', 'A'), ('+', 'B'))),
                                        Change('body[1]', (('+', 'New.'),)),
                                        Change('body[0]', (('-', 'Gone.'),))]


def test_a_change_is_unannounced_unless_a_new_correction_publishes_it():
    published = History('r', '2026-12-04T00:00:00Z', version=1, text={'en': [['title', 'A']], 'ko': [['title', '가']]})
    now = {'en': [['title', 'B']], 'ko': [['title', '가']], 'th': [['title', 'ก']]}
    assert unannounced(published, now, 1) == {'en': ['title']}  # a language not published before is no change
    assert unannounced(published, now, 2) == {}
    assert unannounced(History('r'), now, 1) == {}


def publisher(workspace, *args):
    return subprocess.run([sys.executable, '-m', 'publisher', *args], cwd=workspace, capture_output=True, text=True)


@pytest.fixture
def published(workspace):
    result = publisher(workspace, 'render', f'samples/{KOREAN_FIRST}', '-f', 'html', '--out', 'dist')
    assert result.returncode == 0, result.stderr
    return workspace


def test_diff_shows_a_fact_edited_in_every_sentence_of_each_language_it_changes(published):
    """The Secretary-General's Korean name, held once in the facts, is written in the body: Korean changes,
    English does not."""
    record = record_of(published, KOREAN_FIRST)
    record.write_text(record.read_text().replace('ko: 림 족 호이', 'ko: 림족호이', 1))
    result = publisher(published, 'diff', f'samples/{KOREAN_FIRST}', '--html', 'changes.html')
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f'{KOREAN_FIRST} (published 2019-11-26T03:00:00Z, version 1)')
    assert '[ko] 1 changed' in lines and '[en] no change' in lines
    body = next(line for line in lines if line.startswith('  body['))
    assert '[-림 족 호이-] {+림족호이+} 아세안 사무총장' in body  # off a terminal, marks instead of colours
    report = (published / 'changes.html').read_text()
    assert '<del>림 족 호이 </del><ins>림족호이 </ins>아세안 사무총장' in report and '<td lang="ko">' in report


def test_diff_shows_a_translation_edited_in_its_language_only(published):
    po = published / 'locales' / 'en' / 'LC_MESSAGES' / f'{KOREAN_FIRST}.po'
    text = po.read_text()
    assert '"{mois.short} hosts the ASEAN-Korea Ministerial' in text
    po.write_text(text.replace('"{mois.short} hosts the ASEAN-Korea', '"{mois.short} holds the ASEAN-Korea'))
    result = publisher(published, 'diff', f'samples/{KOREAN_FIRST}', '-l', 'en')
    assert result.returncode == 0, result.stderr
    assert '  title: MOIS [-hosts-] {+holds+} the ASEAN-Korea' in result.stdout and '[ko]' not in result.stdout


def test_after_render_there_is_nothing_to_compare(published):
    record = record_of(published, KOREAN_FIRST)
    record.write_text(record.read_text().replace('ko: 림 족 호이', 'ko: 림족호이', 1))
    assert publisher(published, 'render', f'samples/{KOREAN_FIRST}', '-f', 'html', '--out', 'dist').returncode == 0
    result = publisher(published, 'diff', f'samples/{KOREAN_FIRST}')
    assert '[ko] no change' in result.stdout and '[en] no change' in result.stdout


def test_render_says_it_changed_the_published_text_with_no_correction(published):
    record = record_of(published, KOREAN_FIRST)
    record.write_text(record.read_text().replace('ko: 림 족 호이', 'ko: 림족호이', 1))
    result = publisher(published, 'render', f'samples/{KOREAN_FIRST}', '-f', 'html', '--out', 'dist')
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stderr.splitlines() if 'with no correction' in line]
    assert line.startswith(f'dist/{KOREAN_FIRST}: its published text changed with no correction (ko: body[')
    assert 'en:' not in line and "say what changed in the record's corrections" in line
    again = publisher(published, 'render', f'samples/{KOREAN_FIRST}', '-f', 'html', '--out', 'dist', '--force')
    assert 'with no correction' not in again.stderr


def test_diff_without_records_compares_every_release_of_the_workspace(published):
    """The published release is compared; each other one is named, with nothing to compare."""
    record = record_of(published, KOREAN_FIRST)
    record.write_text(record.read_text().replace('ko: 림 족 호이', 'ko: 림족호이', 1))
    result = publisher(published, 'diff')
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f'{KOREAN_FIRST} (published ') and '[ko] 1 changed' in result.stdout
    unpublished = sorted(path.name for path in (published / 'samples').iterdir() if path.name != KOREAN_FIRST)
    assert result.stderr.splitlines() == [f'samples/{name}/release.yaml: not published in dist yet: nothing to compare'
                                          for name in unpublished]


def test_a_release_never_published_has_nothing_to_compare(workspace):
    result = publisher(workspace, 'diff', f'samples/{SEED}')
    assert result.returncode == 0 and 'not published in dist yet: nothing to compare' in result.stderr
