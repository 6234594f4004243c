"""Writing files whole or not at all, and never over someone else's save.

A reader (a web server, a translator's editor, a second run) sees either the
old file or the new one, never half of one: we write a temporary file beside
the target, flush it to disk, and rename it over the target.

The new file keeps the old one's mode and group (a group-writable catalog
stays group-writable); a symbolic link keeps pointing where it did, and the
file it points to is the one replaced.  A file that was read before being
rewritten is known by its identity (device, inode, size, modification time,
content hash): a writer compares it just before the rename, so that an editor
that saved the file meanwhile is noticed instead of overwritten.

A run that writes many files stages them all first (``Staging``), so that a
failure part-way leaves every file as it was.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Identity:
    """What a file is at one moment: any save by anyone changes at least one of these."""

    device: int
    inode: int
    size: int
    modified_ns: int
    digest: bytes


def identity_of(path: Path) -> Identity | None:
    """The identity of the file at ``path`` (following links) now; None if there is none."""
    try:
        with open(path, 'rb') as file:
            status = os.fstat(file.fileno())
            digest = hashlib.sha256(file.read()).digest()
    except FileNotFoundError:
        return None
    return Identity(status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, digest)


def why_not_writable(path: Path) -> str | None:
    """Why ``path`` cannot be replaced by a new file, in the user's terms; None if it can.

    A read-only file is refused, as GNU ``msgmerge -U`` does, even where
    the folder would let us replace it.
    """
    path = Path(path)
    if path.is_symlink() and not path.exists():
        return f'is a link to {os.readlink(path)}, which does not exist'
    if path.is_dir():
        return 'is a folder, not a file'
    if path.exists() and not path.is_file():
        return 'is not a regular file'
    read_only = 'is read-only; make it writable to update it'
    if path.is_file() and not path.stat().st_mode & 0o222:
        return read_only
    folder = _target(path).parent
    while not folder.exists():
        folder = folder.parent
    if not os.access(folder, os.W_OK):
        return f'cannot be written: the folder {folder} is read-only'
    if path.is_file() and not os.access(path, os.W_OK):
        return read_only
    return None


class Staged:
    """A file written and synced beside its target, not yet in its place."""

    def __init__(self, target: Path, temporary: Path):
        self.target = target
        self.temporary = temporary

    def commit(self) -> None:
        """Put the file in its place, in one step."""
        os.replace(self.temporary, self.target)
        _sync_folder(self.target.parent)

    def commit_over(self, expected: Identity | None) -> bool:
        """Put the file in its place if the file there is still ``expected`` (None: no file there).

        Returns False, and leaves the file there as it is, if someone saved
        it meanwhile.  Where Linux can swap two names in one step
        (``renameat2`` with ``RENAME_EXCHANGE``), the file compared is the very
        file taken out of the place, so a save made between a last look and
        the rename is put back, not lost.
        """
        if expected is None:
            try:
                os.link(self.temporary, self.target)  # fails if a file appeared meanwhile
            except FileExistsError:
                return False
            except OSError:  # a file system without hard links
                if self.target.exists():
                    return False
                os.replace(self.temporary, self.target)
            self.discard()
        elif _exchange(self.temporary, self.target):
            try:
                taken_out = identity_of(self.temporary)
            except BaseException:  # whatever happens, the file taken out is not discarded
                _exchange(self.temporary, self.target)
                raise
            if taken_out != expected:
                _exchange(self.temporary, self.target)
                return False
            self.discard()
        elif identity_of(self.target) == expected:
            os.replace(self.temporary, self.target)
        else:
            return False
        _sync_folder(self.target.parent)
        return True

    def discard(self) -> None:
        """Remove the temporary file, if it was not committed."""
        self.temporary.unlink(missing_ok=True)


def stage(path: Path, data: bytes) -> Staged:
    """Write ``data`` to a temporary file beside ``path`` (the file a link points to), synced to disk."""
    target = _target(Path(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f'.{target.name}.', suffix='.tmp')
    try:
        with os.fdopen(handle, 'wb') as file:
            _take_mode(file.fileno(), target)
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Staged(target, Path(temporary))


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; a file with the same bytes is left alone."""
    path = Path(path)
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return
    staged = stage(path, data)
    try:
        staged.commit()
    finally:
        staged.discard()


def write_all(files: dict[Path, bytes]) -> None:
    """Write every file, each in one step, and only once all of them were written.

    A file with the same bytes is left alone.  Raises OSError, its
    ``filename`` the file that could not be written, and then every file is
    as it was.
    """
    staged = []
    try:
        for path, data in files.items():
            path = Path(path)
            try:
                if not (path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data):
                    staged.append(stage(path, data))
            except OSError as error:
                error.filename = path
                raise
        for file in staged:
            try:
                file.commit()
            except OSError as error:
                error.filename = file.target
                raise
    finally:
        for file in staged:
            file.discard()


def replace_if_unchanged(path: Path, data: bytes, read: Identity | None) -> bool:
    """Replace ``path`` with ``data`` in one step if it is still the file ``read`` is the identity of.

    Returns False, and writes nothing, if someone saved it meanwhile: read it
    again and redo the change.
    """
    staged = stage(path, data)
    try:
        return identity_of(path) == read and staged.commit_over(read)
    finally:
        staged.discard()


def _exchange(first: Path, second: Path) -> bool:
    """Swap two files' names in one step; False where the system or file system cannot."""
    renameat2 = getattr(_libc(), 'renameat2', None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), str(second))


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


@functools.cache
def _libc():
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _target(path: Path) -> Path:
    """The file that writing to ``path`` changes: the end of its links, if it is one."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _take_mode(handle: int, target: Path) -> None:
    """Give the new file the mode and group of the one it replaces, else the usual mode of a new file."""
    try:
        status = target.stat()
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(handle, 0o666 & ~umask)
        return
    os.fchmod(handle, stat.S_IMODE(status.st_mode))
    try:
        os.fchown(handle, -1, status.st_gid)
    except OSError:  # a group we are not in: the folder's default stands
        pass


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


class Staging:
    """Files written under temporary names beside their targets, renamed over them together.

    ``add`` writes a file's new bytes to a temporary name (synced to disk);
    ``commit`` renames them all, after checking that nothing is in the way.
    Should a rename fail even so, the files already renamed get their old
    bytes back.  Leaving the block without committing removes what was
    staged.  An error names the file it is about (``OSError.filename``),
    even one the system reports without a name, such as a full disk.
    """

    def __init__(self):
        self._staged: list[tuple[Path, str]] = []
        self._folders: list[Path] = []  # made for staged files: removed again if the run fails

    def add(self, path: Path, data: bytes) -> dict:
        """Stage ``data`` for ``path``; return the file's size, time and SHA-256, as it will be."""
        path = Path(path)
        with _naming(path):
            if path.is_dir():
                raise IsADirectoryError(21, 'Is a directory', str(path))
            for folder in reversed(path.parents):
                if folder.exists() and not folder.is_dir():
                    raise NotADirectoryError(20, 'a file is where a folder should be', str(folder))
            for folder in reversed(path.parents):
                if not folder.exists():
                    folder.mkdir()
                    self._folders.append(folder)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f'.{path.name}.', suffix='.tmp')
            self._staged.append((path, temporary))
            with os.fdopen(handle, 'wb') as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
                os.fchmod(file.fileno(), 0o644)
                status = os.fstat(file.fileno())
        return {'size': status.st_size, 'mtime_ns': status.st_mtime_ns, 'sha256': hashlib.sha256(data).hexdigest()}

    def commit(self):
        """Rename every staged file over its target, in the order they were added."""
        done = []
        try:
            for path, temporary in self._staged:
                with _naming(path):
                    backup = _backup(path)
                    os.replace(temporary, path)
                done.append((path, backup))
        except BaseException:
            for path, backup in reversed(done):
                if backup:
                    os.replace(backup, path)
                else:
                    path.unlink(missing_ok=True)
            raise
        finally:
            for _, backup in done:
                if backup:
                    Path(backup).unlink(missing_ok=True)
        self._staged, self._folders = [], []

    def __enter__(self):
        return self

    def __exit__(self, *exception):
        for _, temporary in self._staged:
            Path(temporary).unlink(missing_ok=True)
        for folder in reversed(self._folders):
            try:
                folder.rmdir()
            except OSError:
                pass
        self._staged, self._folders = [], []


def _backup(path: Path) -> str | None:
    """A second name for the file at ``path``, to put it back if the run fails after replacing it."""
    if not path.is_file():
        return None
    backup = tempfile.mktemp(dir=path.parent, prefix=f'.{path.name}.', suffix='.old')
    try:
        os.link(path, backup)
    except OSError:  # a file system without hard links
        import shutil
        shutil.copy2(path, backup)
    return backup


class _naming:
    """Name ``path`` in an OSError about it: the system names none on a full disk, and the temporary file
    when the folder is read-only."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if isinstance(error, OSError) and (error.filename is None or
                                           Path(error.filename).name.startswith(f'.{self.path.name}.')):
            raise OSError(error.errno, error.strerror or str(error), str(self.path)) from None
        return False
