"""What reading a record or a catalog gave is kept by the bytes it was made from, and read back the next
time; a reading kept wrong, or a cache that cannot be written, is only slower."""

from __future__ import annotations

import pickle

import pytest

from publisher import load_record
from publisher.catalogs.pofile import read_po
from publisher.problems import InputError

from conftest import KOREAN_FIRST, record_of


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv('XDG_CACHE_HOME', str(tmp_path / 'cache'))
    return tmp_path / 'cache' / 'publisher'


def _kept(cache, kind):
    return sorted((cache / kind).iterdir()) if (cache / kind).is_dir() else []


def test_a_record_read_again_unchanged_is_read_back_from_what_was_kept(workspace, cache):
    path = record_of(workspace, KOREAN_FIRST)
    first = load_record(path)
    kept, = _kept(cache, 'records')
    data, lines, problems = pickle.loads(kept.read_bytes())
    kept.write_bytes(pickle.dumps((data, {**lines, ('title',): 999}, problems)))
    assert load_record(path).line_of('title') == 999 != first.line_of('title')


def test_a_changed_record_is_read_again(workspace, cache):
    path = record_of(workspace, KOREAN_FIRST)
    before = load_record(path).line_of('title')
    path.write_text(path.read_text().replace('\ntitle:', '\n\ntitle:', 1))
    assert load_record(path).line_of('title') == before + 1
    assert len(_kept(cache, 'records')) == 2


def test_a_kept_reading_cut_short_is_made_again(workspace, cache):
    path = record_of(workspace, KOREAN_FIRST)
    whole = load_record(path).model_dump(warnings=False)
    kept, = _kept(cache, 'records')
    kept.write_bytes(kept.read_bytes()[:50])
    assert load_record(path).model_dump(warnings=False) == whole


def test_a_record_whose_reading_failed_fails_again_with_the_same_problems(workspace, cache):
    path = record_of(workspace, KOREAN_FIRST)
    path.write_text(path.read_text().replace('title:', 'title: [', 1))
    with pytest.raises(InputError) as first:
        load_record(path)
    with pytest.raises(InputError) as again:
        load_record(path)
    assert [str(problem) for problem in again.value.problems] == [str(problem) for problem in first.value.problems]


def test_a_cache_that_cannot_be_written_is_no_failure(workspace, tmp_path, monkeypatch):
    (tmp_path / 'not-a-folder').write_text('')
    monkeypatch.setenv('XDG_CACHE_HOME', str(tmp_path / 'not-a-folder'))
    assert load_record(record_of(workspace, KOREAN_FIRST)).id == KOREAN_FIRST
    assert read_po(workspace / 'locales' / 'en' / 'LC_MESSAGES' / f'{KOREAN_FIRST}.po').entries


def test_a_catalog_read_again_unchanged_gives_the_same_entries(workspace, cache):
    path = workspace / 'locales' / 'en' / 'LC_MESSAGES' / f'{KOREAN_FIRST}.po'
    first = read_po(path)
    assert len(_kept(cache, 'catalogs')) == 1
    assert read_po(path) == first
    path.write_text(path.read_text() + '\nmsgid "one more"\nmsgstr "one more"\n')
    assert len(read_po(path).entries) == len(first.entries) + 1
