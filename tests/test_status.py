"""publisher status reads back what earlier commands kept, and says exactly what it says without it: a record or a
catalog changed in any byte is read again, even with its size and modification time as they were."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from conftest import KOREAN_FIRST, SEED, record_of


def status(workspace, cache, *args):
    result = subprocess.run([sys.executable, '-m', 'publisher', 'status', *args], cwd=workspace, capture_output=True,
                            text=True, env={**os.environ, 'XDG_CACHE_HOME': str(cache)})
    assert result.returncode == 0, result.stderr
    return result.stdout


def counts(workspace, cache, catalog):
    return next(row for row in json.loads(status(workspace, cache, '--json'))['catalogs'] if row['catalog'] == catalog)


def rewritten_in_place(path, change):
    """``path`` rewritten by ``change`` to other bytes of the same size, its modification time put back."""
    before = path.stat()
    text = path.read_text()
    path.write_text(change(text))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.read_text() != text
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)


@pytest.mark.parametrize('args', [(), ('--json',)])
def test_status_says_the_same_cold_and_from_what_it_kept(workspace, tmp_path, args):
    cold = status(workspace, tmp_path / 'cold', *args)
    assert status(workspace, tmp_path / 'cold', *args) == cold  # now from what the first run kept
    assert status(workspace, tmp_path / 'other', *args) == cold
    assert list((tmp_path / 'cold' / 'publisher').iterdir())


def test_status_says_the_same_where_nothing_can_be_kept(workspace, tmp_path):
    (tmp_path / 'not-a-folder').write_text('')
    assert status(workspace, tmp_path / 'not-a-folder') == status(workspace, tmp_path / 'cache')


def test_a_catalog_changed_with_its_size_and_time_kept_is_counted_again(workspace, tmp_path):
    path = workspace / 'locales' / 'en' / 'LC_MESSAGES' / f'{KOREAN_FIRST}.po'
    name = f'locales/en/LC_MESSAGES/{KOREAN_FIRST}.po'
    before = counts(workspace, tmp_path, name)

    def untranslate_one(text):
        """A reviewed translation emptied, its length kept in a comment that follows it."""
        match = re.search(r'^msgstr "(.{9,})"$', text.split('\n\n', 1)[1], re.M)
        translation = match[0]
        return text.replace(translation, 'msgstr ""\n# ' + 'x' * (len(translation) - len('msgstr ""\n# ')), 1)

    rewritten_in_place(path, untranslate_one)
    after = counts(workspace, tmp_path, name)
    assert (after['translated'], after['untranslated']) == (before['translated'] - 1, before['untranslated'] + 1)


def test_a_record_changed_with_its_size_and_time_kept_is_counted_again(workspace, tmp_path):
    name = f'locales/ko/LC_MESSAGES/{SEED}.po'
    before = counts(workspace, tmp_path, name)
    rewritten_in_place(record_of(workspace, SEED), lambda text: text.replace('to expand', 'to extend', 1))
    after = counts(workspace, tmp_path, name)
    assert (after['translated'], after['untranslated']) == (before['translated'] - 1, before['untranslated'] + 1)


def test_a_glossary_changed_is_checked_again(workspace, tmp_path):
    name = f'locales/en/LC_MESSAGES/{KOREAN_FIRST}.po'
    assert counts(workspace, tmp_path, name)['glossary'] == 0
    (workspace / 'glossary.yaml').write_text('- {ko: 아세안, en: Association of Southeast Asian Nations}\n')
    assert counts(workspace, tmp_path, name)['glossary'] > 0


def test_a_photo_removed_since_a_run_is_reported_though_the_record_is_unchanged(workspace, tmp_path):
    status(workspace, tmp_path)
    (record_of(workspace, SEED).parent / 'photos' / 'bilateral-meeting-naypyitaw.png').unlink()
    result = subprocess.run([sys.executable, '-m', 'publisher', 'status'], cwd=workspace, capture_output=True,
                            text=True, env={**os.environ, 'XDG_CACHE_HOME': str(tmp_path)})
    assert result.returncode == 1
    assert f'samples/{SEED}/release.yaml:' in result.stderr and 'bilateral-meeting-naypyitaw.png' in result.stderr


def test_status_reads_back_what_it_kept_without_the_records_schema(workspace, tmp_path):
    """Building the schema's pydantic models took a third of a warm status over 200 releases."""
    status(workspace, tmp_path)
    result = subprocess.run(
        [sys.executable, '-c', 'import sys\nfrom publisher.cli import main\n'
                               "main(['status'], standalone_mode=False)\n"
                               "print(sorted({'pydantic', 'babel'} & set(sys.modules)))"],
        cwd=workspace, capture_output=True, text=True, env={**os.environ, 'XDG_CACHE_HOME': str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == '[]'
