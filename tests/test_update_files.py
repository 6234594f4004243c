"""What `update` does to the catalog files: a translator's save is never lost, modes and links are
kept, and a write that fails leaves every catalog as it was, with a message instead of a traceback."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys

import pytest
from click.testing import CliRunner

from publisher.cli import main
from publisher.catalogs.pofile import read_po

from conftest import SEED, record_of

EDITOR_TRANSLATION = '편집기에서 방금 저장한 번역'


def seed_catalog(workspace):
    return workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'


def change_the_record(workspace):
    """A change in the record that makes `update` rewrite the catalog: a string edited in place."""
    path = record_of(workspace, SEED)
    path.write_text(path.read_text().replace('aimed to share Korea’s', 'sought to share Korea’s'))


def update(workspace):
    return CliRunner().invoke(main, ['update', str(workspace / 'samples' / SEED)])


def msgstr_of(path, msgid_start):
    return next(entry.msgstr for entry in read_po(path).entries if entry.msgid.startswith(msgid_start))


def editor_save(path):
    """Save ``path`` as Poedit and most editors do: a new file renamed over the old one."""
    text = path.read_text()
    old = msgstr_of(path, 'Previous Events')
    saved = path.with_name('.editor-save')
    saved.write_text(text.replace(f'msgstr "{old}"', f'msgstr "{EDITOR_TRANSLATION}"', 1))
    os.rename(saved, path)


def test_an_editor_save_in_the_critical_window_is_kept(workspace, monkeypatch):
    """The editor saves after `update` read the catalog and synced its new file, just before its rename."""
    path = seed_catalog(workspace)
    catalogs = sorted(os.listdir(path.parent))
    assert msgstr_of(path, 'Previous Events') != EDITOR_TRANSLATION
    change_the_record(workspace)
    real_fsync, saves = os.fsync, []

    def fsync_then_save(handle):
        real_fsync(handle)
        written = os.readlink(f'/proc/self/fd/{handle}')
        if os.path.basename(written).startswith(f'.{path.name}.') and not saves:
            editor_save(path)
            saves.append(written)

    monkeypatch.setattr(os, 'fsync', fsync_then_save)
    result = update(workspace)
    assert saves, 'the update never wrote its new catalog'
    assert result.exit_code == 0, result.output
    assert f'{SEED}.po: updated' in result.output
    assert msgstr_of(path, 'Previous Events') == EDITOR_TRANSLATION
    assert next(e for e in read_po(path).entries if e.msgid.startswith('The delegation, headed by')).fuzzy
    assert sorted(os.listdir(path.parent)) == catalogs  # no temporary file left beside them
    subprocess.run(['msgfmt', '-c', '-o', '/dev/null', str(path)], check=True)


def test_an_editor_save_between_the_last_look_and_the_rename_is_put_back(workspace, monkeypatch):
    """The editor saves at the last moment: the file the rename takes out is compared, and put back."""
    from publisher import atomic

    path = seed_catalog(workspace)
    catalogs = sorted(os.listdir(path.parent))
    change_the_record(workspace)
    real_exchange, saves = atomic._exchange, []

    def save_then_exchange(first, second):
        if not saves:
            editor_save(path)
            saves.append(second)
        return real_exchange(first, second)

    monkeypatch.setattr(atomic, '_exchange', save_then_exchange)
    result = update(workspace)
    assert saves, 'the update never renamed its new catalog'
    assert result.exit_code == 0, result.output
    assert msgstr_of(path, 'Previous Events') == EDITOR_TRANSLATION
    assert b'sought to share' in path.read_bytes()
    assert sorted(os.listdir(path.parent)) == catalogs  # no temporary file left beside them


def test_a_catalog_saved_at_every_attempt_is_left_as_saved(workspace, monkeypatch):
    path = seed_catalog(workspace)
    change_the_record(workspace)
    real_fsync = os.fsync

    def fsync_then_save(handle):
        real_fsync(handle)
        if os.path.basename(os.readlink(f'/proc/self/fd/{handle}')).startswith(f'.{path.name}.'):
            path.write_text(path.read_text() + '\n')  # saved in place this time

    monkeypatch.setattr(os, 'fsync', fsync_then_save)
    before = path.read_bytes()
    result = update(workspace)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert 'was saved again each of the 5 times it was merged' in result.output
    assert path.read_bytes().startswith(before) and b'sought to share' not in path.read_bytes()


def test_a_group_writable_catalog_stays_group_writable(workspace):
    path = seed_catalog(workspace)
    path.chmod(0o664)
    change_the_record(workspace)
    assert update(workspace).exit_code == 0
    assert b'sought to share' in path.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o664


def test_a_linked_catalog_updates_the_file_it_points_to(workspace):
    path = seed_catalog(workspace)
    shared = workspace / 'shared' / path.name
    shared.parent.mkdir()
    shutil.move(path, shared)
    path.symlink_to(shared)
    change_the_record(workspace)
    result = update(workspace)
    assert result.exit_code == 0, result.output
    assert path.is_symlink() and path.resolve() == shared
    assert b'sought to share' in shared.read_bytes()
    assert sorted(os.listdir(shared.parent)) == [path.name]


@pytest.mark.parametrize('case, message', [
    ('read-only catalog', 'is read-only; make it writable to update it'),
    ('catalog is a folder', 'is a folder, not a file'),
    ('link to nothing', 'is a link to ../../../gone.po, which does not exist'),
])
def test_a_catalog_that_cannot_be_replaced_is_refused(workspace, monkeypatch, case, message):
    path = seed_catalog(workspace)
    if case == 'read-only catalog':
        path.chmod(0o444)
    elif case == 'catalog is a folder':
        path.unlink()
        path.mkdir()
    else:
        path.unlink()
        path.symlink_to('../../../gone.po')
    change_the_record(workspace)
    before = {file: file.read_bytes() for file in path.parent.iterdir() if file.is_file()}
    monkeypatch.chdir(workspace)
    result = update(workspace)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert f'locales/ko/LC_MESSAGES/{SEED}.po: {message}' in result.output.splitlines()
    assert result.output.rstrip().endswith('nothing was written.')
    assert {file: file.read_bytes() for file in path.parent.iterdir() if file.is_file()} == before


# -- failing disks, for real: a read-only mount, a full file system -----------------------------

def confined(workspace, setup, folder, command='update'):
    """Run a `publisher` command in a mount namespace of its own, after the shell commands ``setup``.

    Returns the run and the files of ``folder`` as the run left them, seen from inside.
    """
    if not shutil.which('unshare') or subprocess.run(['unshare', '--mount', '--map-root-user', 'true'],
                                                     capture_output=True).returncode:
        pytest.skip('needs mount namespaces (unshare)')
    listing = f'{sys.executable} -c "import os, sys; [print(n, open(os.path.join(sys.argv[1], n), \'rb\').read().hex()) ' \
              f'for n in sorted(os.listdir(sys.argv[1])) if os.path.isfile(os.path.join(sys.argv[1], n))]" {folder}'
    command = (f'{setup}; status=0; "{sys.executable}" -m publisher {command} samples/{SEED} || status=$?; '
               f'echo ==== >&2; {listing} >&2; exit $status')
    result = subprocess.run(['unshare', '--mount', '--map-root-user', 'sh', '-ec', command], cwd=workspace,
                            capture_output=True, text=True)
    result.stderr, _, seen = result.stderr.partition('====\n')
    return result, {folder / name: bytes.fromhex(data)
                    for name, _, data in (line.partition(' ') for line in seen.splitlines())}


def files_of(folder):
    return {file: file.read_bytes() for file in folder.iterdir()}


def assert_refused(result, message, file=f'locales/ko/LC_MESSAGES/{SEED}.po'):
    assert result.returncode == 1, result.stderr
    assert 'Traceback' not in result.stderr
    assert f'{file}: {message}' in result.stderr.splitlines(), result.stderr
    assert result.stderr.rstrip().endswith('nothing was written.')


def test_a_read_only_folder_of_catalogs_is_reported(workspace):
    folder = seed_catalog(workspace).parent
    change_the_record(workspace)
    before = files_of(folder)
    result, seen = confined(workspace, f'mount --bind {folder} {folder} && mount -o remount,bind,ro {folder}', folder)
    assert_refused(result, f'cannot be written: the folder {folder} is read-only')
    assert seen == before


def test_a_full_disk_leaves_every_catalog_as_it_was(workspace, tmp_path):
    folder = seed_catalog(workspace).parent
    change_the_record(workspace)
    before = files_of(folder)
    kept = tmp_path / 'kept'
    shutil.copytree(folder, kept)
    # Room for the catalogs as they are, and one page more: not for a new copy of the largest.
    size = sum(-(-len(data) // 4096) * 4096 for data in before.values()) + 4096
    result, seen = confined(workspace, f'mount -t tmpfs -o size={size} tmpfs {folder} && cp -a {kept}/. {folder}/',
                            folder)
    assert_refused(result, 'cannot be written: No space left on device')
    assert seen == before


@pytest.mark.parametrize('command, file', [('extract', f'locales/{SEED}.pot'),
                                           ('compile', f'locales/ko/LC_MESSAGES/{SEED}.mo')])
def test_the_other_writers_under_locales_report_a_read_only_folder(workspace, command, file):
    folder = workspace / 'locales'
    change_the_record(workspace)
    before = {path: path.read_bytes() for path in folder.rglob('*') if path.is_file()}
    result, _ = confined(workspace, f'mount --bind {folder} {folder} && mount -o remount,bind,ro {folder}', folder,
                         command)
    assert_refused(result, 'cannot be written: Read-only file system', file)
    assert {path: path.read_bytes() for path in folder.rglob('*') if path.is_file()} == before
