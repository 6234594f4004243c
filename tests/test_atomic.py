"""Files are replaced whole or not at all."""

from __future__ import annotations

import os

import pytest

from publisher.atomic import identity_of, replace_if_unchanged, stage, write_all, write_atomic


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


def test_a_replaced_file_keeps_its_mode_and_a_link_keeps_pointing_at_it(tmp_path):
    target = tmp_path / 'shared' / 'ko.po'
    target.parent.mkdir()
    target.write_bytes(b'old')
    target.chmod(0o664)
    link = tmp_path / 'ko.po'
    link.symlink_to(target)
    write_atomic(link, b'new')
    assert link.is_symlink() and target.read_bytes() == b'new'
    assert target.stat().st_mode & 0o777 == 0o664
    assert sorted(os.listdir(target.parent)) == ['ko.po']


@pytest.mark.parametrize('existing', [b'read', None], ids=['replacing a file', 'creating one'])
def test_a_file_saved_after_it_was_read_is_not_replaced(tmp_path, existing):
    path = tmp_path / 'ko.po'
    if existing is not None:
        path.write_bytes(existing)
    read = identity_of(path)
    staged = stage(path, b'ours')
    path.write_bytes(b'saved meanwhile')
    assert not staged.commit_over(read)
    staged.discard()
    assert path.read_bytes() == b'saved meanwhile' and os.listdir(tmp_path) == ['ko.po']
    assert replace_if_unchanged(path, b'ours', identity_of(path))
    assert path.read_bytes() == b'ours' and os.listdir(tmp_path) == ['ko.po']


def test_write_all_writes_every_file_or_none(tmp_path):
    (tmp_path / 'a.pot').write_bytes(b'old')
    (tmp_path / 'blocked').write_bytes(b'a file where a folder should be')
    with pytest.raises(OSError) as caught:
        write_all({tmp_path / 'a.pot': b'new', tmp_path / 'blocked' / 'b.pot': b'new'})
    assert caught.value.filename == tmp_path / 'blocked' / 'b.pot'
    assert (tmp_path / 'a.pot').read_bytes() == b'old'
    assert sorted(os.listdir(tmp_path)) == ['a.pot', 'blocked']


def test_staged_files_appear_together_at_commit(tmp_path):
    from publisher.atomic import Staging

    (tmp_path / 'a.html').write_bytes(b'old a')
    with Staging() as staging:
        state = staging.add(tmp_path / 'a.html', b'new a')
        staging.add(tmp_path / 'media' / 'b.png', b'new b')
        assert (tmp_path / 'a.html').read_bytes() == b'old a' and not (tmp_path / 'media' / 'b.png').exists()
        staging.commit()
    assert (tmp_path / 'a.html').read_bytes() == b'new a' and (tmp_path / 'media' / 'b.png').read_bytes() == b'new b'
    assert state['size'] == 5 and state['mtime_ns'] == (tmp_path / 'a.html').stat().st_mtime_ns
    assert sorted(os.listdir(tmp_path)) == ['a.html', 'media']


def test_a_file_where_a_folder_should_be_stops_the_run_before_anything_is_replaced(tmp_path):
    from publisher.atomic import Staging

    (tmp_path / 'a.html').write_bytes(b'old a')
    (tmp_path / 'media').write_bytes(b'a file, not a folder')
    with pytest.raises(OSError) as caught, Staging() as staging:
        staging.add(tmp_path / 'a.html', b'new a')
        staging.add(tmp_path / 'media' / 'b.png', b'new b')
        staging.commit()
    assert caught.value.filename == str(tmp_path / 'media')
    assert (tmp_path / 'a.html').read_bytes() == b'old a'
    assert sorted(os.listdir(tmp_path)) == ['a.html', 'media']


def test_a_rename_that_fails_puts_back_the_files_already_replaced(tmp_path):
    from publisher.atomic import Staging

    (tmp_path / 'a.html').write_bytes(b'old a')
    with pytest.raises(IsADirectoryError), Staging() as staging:
        staging.add(tmp_path / 'a.html', b'new a')
        staging.add(tmp_path / 'new.html', b'new')
        staging.add(tmp_path / 'b.html', b'new b')
        (tmp_path / 'b.html').mkdir()  # in the way once everything is staged
        staging.commit()
    assert (tmp_path / 'a.html').read_bytes() == b'old a' and not (tmp_path / 'new.html').exists()
    assert sorted(os.listdir(tmp_path)) == ['a.html', 'b.html']
