"""The user's cache is only ever a speed-up: whatever state it is in, commands give the same results.

Each test damages a real cache left by a real run (a file where its folder
should be, garbage, truncation, a plausible but wrong entry) and runs the
command again: it succeeds with the same outputs as with no cache at all,
says once that the cache was made again, and shows no traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import KOREAN_FIRST, ROOT, SEED, record_of


def publisher(workspace, cache, *arguments):
    return subprocess.run([sys.executable, '-m', 'publisher', *map(str, arguments)], cwd=workspace,
                          env={**os.environ, 'XDG_CACHE_HOME': str(cache)}, capture_output=True, text=True,
                          timeout=300)


def assert_warned_once(result, words):
    assert result.returncode == 0, result.stderr
    assert 'Traceback' not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith('publisher: ')]
    assert len(warnings) == 1 and words in warnings[0], result.stderr


def pages_and_fonts(out):
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob('*'))
            if path.is_file() and path.suffix in ('.html', '.woff2')}


def test_a_file_where_the_cache_folder_should_be_is_done_without(workspace, tmp_path):
    (tmp_path / 'cache').mkdir()
    (tmp_path / 'cache' / 'publisher').write_text('not a folder')
    result = publisher(workspace, tmp_path / 'cache', 'render', record_of(workspace, KOREAN_FIRST), '-l', 'ko',
                       '--out', 'dist')
    assert result.returncode == 0 and 'Traceback' not in result.stderr, result.stderr
    assert (workspace / 'dist' / KOREAN_FIRST / f'{KOREAN_FIRST}.ko.pdf').is_file()
    assert result.stderr.count('publisher: cannot write the') <= 3  # each kind of cache once at most


WEB_FONT_RENDER = ('render', record_of(Path('.'), KOREAN_FIRST), '-f', 'html', '--force', '--out')


@pytest.fixture(scope='module')
def fresh_web_fonts(tmp_path_factory):
    """The Korean-first release's pages rendered once with an empty cache: (the pages, the cache left),
    for each test to copy the cache and damage its copy."""
    root = tmp_path_factory.mktemp('fresh-web-fonts')
    for name in ('samples', 'locales'):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / 'glossary.yaml', root / 'glossary.yaml')
    assert publisher(root, root / 'cache', *WEB_FONT_RENDER, 'fresh').returncode == 0
    return root / 'fresh', root / 'cache'


@pytest.mark.xdist_group('fresh_web_fonts')  # one test process makes the fresh subsets once (conftest.py)
@pytest.mark.parametrize('damage', ['garbage', 'truncated', 'another subset'])
def test_a_damaged_web_font_subset_is_made_again_not_copied(workspace, tmp_path, fresh_web_fonts, damage):
    fresh, fresh_cache = fresh_web_fonts
    cache = tmp_path / 'cache'
    shutil.copytree(fresh_cache, cache)
    subsets = sorted((cache / 'publisher' / 'webfonts.checked').glob('*.woff2'))
    assert len(subsets) >= 2
    for path, other in zip(subsets, subsets[1:] + subsets[:1]):
        data = path.read_bytes()
        path.write_bytes({'garbage': b'\x00garbage' * 100, 'truncated': data[:len(data) // 2],
                          'another subset': other.read_bytes()}[damage])
    result = publisher(workspace, cache, *WEB_FONT_RENDER, 'again')
    assert_warned_once(result, 'web font cache')
    assert pages_and_fonts(workspace / 'again') == pages_and_fonts(fresh)
    assert publisher(workspace, cache, *WEB_FONT_RENDER, 'third').stderr == ''  # made again: whole now


def test_a_plausible_but_wrong_glyph_coverage_does_not_refuse_hangul(workspace, tmp_path):
    cache = tmp_path / 'cache'
    assert publisher(workspace, cache, 'check', record_of(workspace, KOREAN_FIRST)).returncode == 0
    coverages = sorted((cache / 'publisher').glob('coverage-*.checked.txt'))
    assert coverages
    for path in coverages:
        digest, _, _ = path.read_bytes().partition(b'\n')
        path.write_bytes(digest + b'\n20-7e')  # ASCII only: no Hangul
    result = publisher(workspace, cache, 'check', record_of(workspace, KOREAN_FIRST))
    assert_warned_once(result, 'glyph coverage cache')
    for path in coverages:  # and an old version's cache, without a digest
        path.write_text('20-7e')
    result = publisher(workspace, cache, 'check', record_of(workspace, KOREAN_FIRST))
    assert_warned_once(result, 'glyph coverage cache')


@pytest.mark.parametrize('damage', ['garbage', 'truncated'])
def test_a_damaged_compiled_template_is_compiled_again(workspace, tmp_path, damage):
    cache = tmp_path / 'cache'
    # As of one moment: a page says when it was first published, which a fresh folder would make now.
    arguments = ('render', record_of(workspace, SEED), '-l', 'en', '-f', 'html', '--force',
                 '--now', '2026-12-05T09:00+09:00', '--out')
    assert publisher(workspace, cache, *arguments, 'fresh').returncode == 0
    for path in (cache / 'publisher' / 'templates').iterdir():
        data = path.read_bytes()
        path.write_bytes(data[:len(data) // 2] if damage == 'truncated' else data[:40] + os.urandom(200))
    result = publisher(workspace, cache, *arguments, 'again')
    assert result.returncode == 0 and 'Traceback' not in result.stderr, result.stderr
    assert pages_and_fonts(workspace / 'again') == pages_and_fonts(workspace / 'fresh')


def test_a_manifest_nested_200000_levels_deep_is_ignored_like_any_bad_manifest(workspace):
    arguments = ('render', record_of(workspace, SEED), '-l', 'en', '-f', 'html', '--out', 'dist')
    assert publisher(workspace, workspace / '.cache', *arguments).returncode == 0
    manifest = workspace / 'dist' / SEED / '.publisher-manifest.json'
    manifest.write_text('[' * 200_000 + ']' * 200_000)
    result = publisher(workspace, workspace / '.cache', *arguments)
    assert result.returncode == 0 and 'Traceback' not in result.stderr, result.stderr
    assert manifest.read_text().startswith('{')


def test_a_damaged_font_family_name_is_read_again_from_the_font(workspace, tmp_path):
    cache = tmp_path / 'cache'
    arguments = ('render', record_of(workspace, KOREAN_FIRST), '-f', 'hwpx', '--force',
                 '--now', '2026-12-05T09:00+09:00', '--out')
    assert publisher(workspace, cache, *arguments, 'fresh').returncode == 0
    families = sorted((cache / 'publisher').glob('family-*.checked.txt'))
    assert families
    for path in families:
        digest, _, _ = path.read_bytes().partition(b'\n')
        path.write_bytes(digest + b'\nComic Sans MS')
    result = publisher(workspace, cache, *arguments, 'again')
    assert_warned_once(result, 'font family cache')
    documents = sorted(path.relative_to(workspace / 'fresh') for path in (workspace / 'fresh').rglob('*.hwpx'))
    assert documents
    for name in documents:
        assert (workspace / 'again' / name).read_bytes() == (workspace / 'fresh' / name).read_bytes()


def test_a_damaged_local_font_name_is_read_again_from_the_font(workspace, tmp_path):
    cache = tmp_path / 'cache'
    arguments = ('render', record_of(workspace, KOREAN_FIRST), '-f', 'html', '--force',
                 '--now', '2026-12-05T09:00+09:00', '--out')
    assert publisher(workspace, cache, *arguments, 'fresh').returncode == 0
    names = sorted((cache / 'publisher').glob('local-names-*.checked.txt'))
    assert names
    for path in names:
        digest, _, _ = path.read_bytes().partition(b'\n')
        path.write_bytes(digest + b'\nComic Sans MS')
    result = publisher(workspace, cache, *arguments, 'again')
    assert_warned_once(result, 'font local name cache')
    assert pages_and_fonts(workspace / 'again') == pages_and_fonts(workspace / 'fresh')
