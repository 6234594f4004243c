"""Translation memory: sentences already translated elsewhere in the workspace, offered again."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from publisher.catalogs.pofile import read_po

from conftest import KOREAN_FIRST, ROOT, SEED


def new_release(workspace, lead):
    """A second release from the seed's folder, with its own id and lead."""
    folder = workspace / 'samples' / 'mois-asean-corps-followup'
    shutil.copytree(workspace / 'samples' / SEED, folder)
    record = folder / 'release.yaml'
    text = record.read_text().replace(f'id: {SEED}', 'id: mois-asean-corps-followup')
    start = text.index('lead: >-')
    end = text.index('\nbody:')
    record.write_text(text[:start] + f'lead: >-\n  {lead}\n' + text[end:])
    return folder


def update(workspace, folder, *options):
    result = subprocess.run([sys.executable, '-m', 'publisher', 'update', str(folder), '-l', 'ko', *options],
                            cwd=workspace, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return read_po(workspace / 'locales' / 'ko' / 'LC_MESSAGES' / 'mois-asean-corps-followup.po')


def by_start(po, start):
    return next(entry for entry in po.entries if entry.msgid.startswith(start))


def test_a_reused_sentence_is_prefilled_as_reviewed_with_its_source(workspace):
    po = update(workspace, new_release(workspace, 'A new lead about the corps.'))
    reused = by_start(po, 'The delegation, headed by')
    assert reused.translated and reused.msgstr.startswith('{yoon} {yoon.title}을 단장으로')
    assert f'translation memory: {SEED}' in reused.extracted_comments
    assert not by_start(po, 'A new lead').msgstr


def test_a_close_sentence_is_offered_as_fuzzy(workspace):
    lead = ('{mois}, {mpm} and {seoul} sent out the 2nd Korea-ASEAN Public Administration '
            'Cooperation Corps to Thailand and Myanmar from {corps.start} to {corps.end}, as planned.')
    near = by_start(update(workspace, new_release(workspace, lead)), '{mois}, {mpm} and {seoul}')
    assert near.fuzzy and near.msgstr.startswith('{mois}는 {mpm}, {seoul}와 함께')
    assert near.previous_msgid.endswith('from {corps.start} to {corps.end}.')
    assert f'translation memory: near match from {SEED}' in near.extracted_comments


def test_memory_can_be_turned_off(workspace):
    po = update(workspace, new_release(workspace, 'A new lead.'), '--no-memory')
    assert not any(entry.msgstr for entry in po.entries)


def test_the_memory_note_survives_the_next_update(workspace):
    folder = new_release(workspace, 'A new lead about the corps.')
    update(workspace, folder)
    path = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / 'mois-asean-corps-followup.po'
    before = path.read_bytes()
    update(workspace, folder)
    assert path.read_bytes() == before


def test_a_workspace_gets_its_own_template_catalog_filled_from_the_package(tmp_path):
    """A press office starting its own workspace has the template strings translated already."""
    shutil.copytree(ROOT / 'samples' / KOREAN_FIRST, tmp_path / 'releases' / KOREAN_FIRST)
    (tmp_path / 'locales').mkdir()
    result = subprocess.run([sys.executable, '-m', 'publisher', 'update', f'releases/{KOREAN_FIRST}'],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    po = read_po(tmp_path / 'locales' / 'ko' / 'LC_MESSAGES' / 'publisher.po')
    assert all(entry.translated for entry in po.entries)
    assert by_start(po, 'Press release').msgstr == '보도자료'
    english = read_po(tmp_path / 'locales' / 'en' / 'LC_MESSAGES' / f'{KOREAN_FIRST}.po')
    assert english.metadata['Language'] == 'en' and not any(entry.msgstr for entry in english.entries)


def korean_release(workspace, edit):
    """A second release from the Korean-first sample's folder, with its own id, its record edited."""
    folder = workspace / 'samples' / 'mois-roundtable-followup'
    shutil.copytree(workspace / 'samples' / KOREAN_FIRST, folder)
    record = folder / 'release.yaml'
    record.write_text(edit(record.read_text().replace(f'id: {KOREAN_FIRST}', 'id: mois-roundtable-followup')))
    result = subprocess.run([sys.executable, '-m', 'publisher', 'update', str(folder), '-l', 'en'],
                            cwd=workspace, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    path = workspace / 'locales' / 'en' / 'LC_MESSAGES' / 'mois-roundtable-followup.po'
    subprocess.run(['msgfmt', '-c', '-o', '/dev/null', str(path)], check=True)
    return read_po(path)


def entry_of(po, msgctxt, msgid):
    return next(entry for entry in po.entries if (entry.msgctxt, entry.msgid) == (msgctxt, msgid))


@pytest.mark.parametrize('edit, context, text, source_context, translation', [
    (lambda text: text.replace('body:\n', 'body:\n  - 디지털 정부\n', 1), None, '디지털 정부', 'keyword',
     'digital government'),
    (lambda text: text.replace('title: 라운드테이블 일정표', 'title: 보도자료'), 'attachment', '보도자료', 'breadcrumb',
     'Press Releases'),
], ids=['paragraph like a keyword', 'attachment title like a breadcrumb'])
def test_a_translation_reviewed_in_another_context_is_only_a_suggestion(workspace, edit, context, text,
                                                                         source_context, translation):
    """A message is its context and its text: the same words elsewhere may want another translation."""
    po = korean_release(workspace, edit)
    entry = entry_of(po, context, text)
    assert entry.fuzzy and entry.msgstr == translation
    assert (entry.previous_msgctxt, entry.previous_msgid) == (source_context, text)
    origin = next(re.fullmatch(rf'translation memory: the same text in (\S+), msgctxt "{source_context}"', comment)
                  for comment in entry.extracted_comments if comment.startswith('translation memory:'))
    reviewed = entry_of(read_po(workspace / 'locales' / 'en' / 'LC_MESSAGES' / f'{origin[1]}.po'), source_context, text)
    assert reviewed.msgstr == translation and not reviewed.fuzzy  # the release it names holds it, reviewed
    assert not entry_of(po, source_context, text).fuzzy  # in its own context it is the same message

