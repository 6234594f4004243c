"""Writing files whole or not at all.

A reader (a web server, a translator's editor, a second run) sees either the
old file or the new one, never half of one: we write a temporary file beside
the target, flush it to disk, and rename it over the target.  A run that
writes many files stages them all first (``Staging``), so that a failure
part-way leaves every file as it was.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; a file with the same bytes is left alone."""
    path = Path(path)
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f'.{path.name}.', suffix='.tmp')
    try:
        with os.fdopen(handle, 'wb') as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
