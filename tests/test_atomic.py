"""Files are replaced whole or not at all."""

from __future__ import annotations

import os

import pytest

from publisher.atomic import write_atomic


def test_writes_and_replaces_leaving_no_temporary_file(tmp_path):
    path = tmp_path / 'out' / 'release.pdf'
    write_atomic(path, b'first')
    write_atomic(path, b'second')
    assert path.read_bytes() == b'second'
    assert os.listdir(path.parent) == ['release.pdf']


def test_an_unchanged_file_is_not_rewritten(tmp_path):
    path = tmp_path / 'release.html'
    write_atomic(path, b'same')
    os.utime(path, (1, 1))
    write_atomic(path, b'same')
    assert path.stat().st_mtime == 1


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / 'release.html'
    write_atomic(path, b'old')

    def fail(*args):
        raise OSError('disk full')

    monkeypatch.setattr(os, 'fsync', fail)
    with pytest.raises(OSError):
        write_atomic(path, b'new')
    assert path.read_bytes() == b'old'
    assert os.listdir(tmp_path) == ['release.html']
