"""Writing a render's outputs: all of them or none, whatever the disk does."""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED, record_of


def render(workspace, *options, **popen):
    return subprocess.run([sys.executable, '-m', 'publisher', 'render', f'samples/{SEED}', *options],
                          cwd=workspace, capture_output=True, text=True, **popen)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob('*'))
            if path.is_file()}


@pytest.fixture
def rendered(workspace):
    """The seed's HTML rendered into dist/, then its record changed so that every output would change."""
    def prepare(out='dist'):
        result = render(workspace, '-f', 'html', '--out', out)
        assert result.returncode == 0, result.stderr
        path = record_of(workspace, SEED)
        path.write_text(path.read_text().replace('ko: 윤종인', 'ko: 윤종민').replace('en: Yoon Jong-in', 'en: Yoon Jong-min'))
        return workspace / out, snapshot(workspace / out)
    return prepare


@pytest.fixture
def small_disk(tmp_path):
    """A file system of 2 MB of its own (tmpfs): only root may mount one."""
    if os.geteuid() != 0:
        pytest.skip('mounting a tmpfs takes root; the RLIMIT_FSIZE test covers the same path')
    mount = tmp_path / 'disk'
    mount.mkdir()
    if subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', str(mount)]).returncode:
        pytest.skip('no tmpfs could be mounted here')
    yield mount
    subprocess.run(['umount', '-l', str(mount)], check=True)


def assert_nothing_changed(out, before, result, message):
    assert result.returncode == 1 and 'Traceback' not in result.stderr
    assert message in result.stderr and result.stderr.rstrip().endswith('nothing was written')
    assert snapshot(out) == before  # no page replaced, no temporary file left


def test_a_full_disk_names_the_file_and_replaces_nothing(rendered, workspace, small_disk):
    out, before = rendered(str(small_disk / 'dist'))
    free = os.statvfs(small_disk)
    (small_disk / 'filler').write_bytes(b'\0' * (free.f_bavail * free.f_frsize - 60_000))
    result = render(workspace, '--out', str(out))
    assert_nothing_changed(out, before, result, 'No space left on device')
    assert f'cannot write {out.relative_to(workspace)}/{SEED}/{SEED}.' in result.stderr


def test_a_read_only_folder_replaces_nothing(rendered, workspace, small_disk):
    out, before = rendered(str(small_disk / 'dist'))
    subprocess.run(['mount', '-o', 'remount,ro', str(small_disk)], check=True)
    result = render(workspace, '--out', str(out))
    assert_nothing_changed(out, before, result, 'Read-only file system')
    assert f'cannot write {out.relative_to(workspace)}/{SEED}/{SEED}.' in result.stderr


def test_a_file_over_the_size_limit_names_the_file_and_replaces_nothing(rendered, workspace):
    """RLIMIT_FSIZE stands for a full disk where no file system can be mounted: files smaller than
    the limit are staged, the first page larger than it cannot be."""
    out, before = rendered()
    pages = [before[f'{SEED}/{SEED}.{language}.html'] for language in ('ko', 'en')]
    size = min(map(len, pages)) - 1

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    result = render(workspace, '-f', 'html', '--out', 'dist', preexec_fn=limit)
    assert_nothing_changed(out, before, result, 'File too large')
    assert re.search(rf'cannot write dist/{SEED}/\S+: File too large', result.stderr), result.stderr


def test_a_file_where_the_media_folder_should_be_replaces_nothing(rendered, workspace):
    out, before = rendered()
    media = out / SEED / 'media'
    for photo in media.iterdir():
        photo.unlink()
    media.rmdir()
    media.write_bytes(b'in the way')
    before = snapshot(out)
    result = render(workspace, '-f', 'html', '--out', 'dist')
    assert_nothing_changed(out, before, result, f'cannot write dist/{SEED}/media: a file is where a folder should be')
