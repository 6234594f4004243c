"""What reading a record or a catalog gave is kept by the bytes it was made from, and read back the next
time; a reading kept wrong, or a cache that cannot be written, is only slower."""

from __future__ import annotations

import os
import pickle

import pytest

from publisher import load_record
from publisher.catalogs.pofile import read_po
from publisher.problems import InputError

from conftest import KOREAN_FIRST, SEED, record_of


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv('XDG_CACHE_HOME', str(tmp_path / 'cache'))
    return tmp_path / 'cache' / 'publisher'


def _kept(cache, kind):
    return sorted((cache / kind).iterdir()) if (cache / kind).is_dir() else []


def test_a_record_read_again_unchanged_is_read_back_from_what_was_kept(workspace, cache):
    path = record_of(workspace, KOREAN_FIRST)
    first = load_record(path)
    kept, = _kept(cache, 'releases')
    release, files = pickle.loads(kept.read_bytes())
    release._lines = {**release._lines, ('title',): 999}
    kept.write_bytes(pickle.dumps((release, files)))
    assert load_record(path).line_of('title') == 999 != first.line_of('title')


def test_a_record_validated_again_reads_its_yaml_back_from_what_was_kept(workspace, cache):
    path = record_of(workspace, SEED)
    first = load_record(path)
    kept, = _kept(cache, 'records')
    data, lines, problems = pickle.loads(kept.read_bytes())
    kept.write_bytes(pickle.dumps((data, {**lines, ('title',): 999}, problems)))
    photo = first.photos[0].file
    photo.write_bytes(photo.read_bytes())  # the same bytes, written again: validated again
    assert load_record(path).line_of('title') == 999 != first.line_of('title')


def test_the_record_as_named_is_its_source_however_it_was_named_when_kept(workspace, cache, monkeypatch):
    path = record_of(workspace, KOREAN_FIRST)
    load_record(path)
    monkeypatch.chdir(workspace)
    relative = path.relative_to(workspace)
    assert load_record(relative).source == relative


def test_a_record_changed_with_its_time_kept_is_read_again(workspace, cache):
    path = record_of(workspace, SEED)
    assert 'to expand' in load_record(path).title
    status = path.stat()
    path.write_text(path.read_text().replace('to expand', 'to extend', 1))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert path.stat().st_size == status.st_size and path.stat().st_mtime_ns == status.st_mtime_ns
    assert 'to extend' in load_record(path).title


def test_a_photo_damaged_with_its_size_and_time_kept_is_found_when_the_record_is_read_again(workspace, cache):
    path = record_of(workspace, SEED)
    photo = load_record(path).photos[0].file
    status = photo.stat()
    photo.write_bytes(b'\0' * status.st_size)
    os.utime(photo, ns=(status.st_atime_ns, status.st_mtime_ns))
    with pytest.raises(InputError, match='is not an image'):
        load_record(path)


def test_a_photo_removed_is_found_when_the_record_is_read_again(workspace, cache):
    path = record_of(workspace, SEED)
    load_record(path).photos[0].file.unlink()
    with pytest.raises(InputError, match='does not exist'):
        load_record(path)


def test_a_photo_replaced_through_a_link_is_found_when_the_record_is_read_again(workspace, cache):
    path = record_of(workspace, SEED)
    photo = load_record(path).photos[0].file
    target = photo.with_name('kept-aside.png')
    photo.rename(target)
    photo.symlink_to(target.name)
    load_record(path)
    (workspace / 'not-an-image.png').write_bytes(b'\0' * target.stat().st_size)
    photo.unlink()
    photo.symlink_to(workspace / 'not-an-image.png')
    with pytest.raises(InputError, match='is not an image'):
        load_record(path)


def test_a_changed_record_is_read_again(workspace, cache):
    path = record_of(workspace, KOREAN_FIRST)
    before = load_record(path).line_of('title')
    path.write_text(path.read_text().replace('\ntitle:', '\n\ntitle:', 1))
    assert load_record(path).line_of('title') == before + 1
    assert len(_kept(cache, 'records')) == 2


@pytest.mark.parametrize('kind', ['records', 'releases'])
def test_a_kept_reading_cut_short_is_made_again(workspace, cache, kind):
    path = record_of(workspace, KOREAN_FIRST)
    whole = load_record(path).model_dump(warnings=False)
    for kept in _kept(cache, 'releases') + _kept(cache, kind):
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


def test_the_readings_of_a_kind_are_bounded_the_oldest_removed_first(workspace, cache, monkeypatch):
    """Every change of a file or of the code keeps one reading more: a kind that outgrows its limit
    loses its oldest readings, at most once a day, and keeps the one just made."""
    from publisher import kept

    monkeypatch.setattr(kept, 'LIMIT', 40_000)
    folder = cache / 'records'
    folder.mkdir(parents=True)
    for age in range(10):  # 50 kB of old readings, the oldest first
        old = folder / f'old{age}'
        old.write_bytes(b'\0' * 5_000)
        os.utime(old, (1_000_000 + age, 1_000_000 + age))
    load_record(record_of(workspace, SEED))
    left = {path.name for path in folder.iterdir()}
    assert sum((folder / name).stat().st_size for name in left) <= 30_000
    assert {'old0', 'old1', 'old2', 'old3'}.isdisjoint(left) and 'old9' in left
    assert len(left - {f'old{age}' for age in range(10)}) == 1  # the reading just kept
    (folder / 'late').write_bytes(b'\0' * 50_000)
    load_record(record_of(workspace, KOREAN_FIRST))  # counted today already: nothing removed
    assert (folder / 'late').exists() and (folder / 'old9').exists()
