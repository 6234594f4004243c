"""What reading a file gave, kept from one command to the next, under the digest of what it was made from.

Reading a record safely (its YAML nodes composed, its aliases counted
before anything is built, every field's line mapped, every text checked) and
parsing a catalog are most of the time ``status`` and ``check`` take over a
workspace of many releases, though few files change between two commands.
What such a reading gives depends only on the file's path and text, the
limits in force, the code that reads it and the libraries installed: under the
digest of those, it is kept in the user's cache and read back instead.  A
reading that also looked at other files (a record's validation opens its
photos) is kept with their states, and made again when one of them changed.
A kept reading that cannot be read back is made again, and one that cannot be
written is not kept: the cache is only a speed-up.  Readings that fail are
never kept.

Every change of a file or of the code keeps one reading more, so each kind
of reading is bounded: at most once a day, a command that keeps a new one
removes the oldest of its kind while they take more than ``LIMIT`` bytes.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path
from typing import Callable, TypeVar

from .installation import software
from .workspace import user_cache

Reading = TypeVar('Reading')

#: The most the readings of one kind (records, catalogs…) take in the cache, in bytes; over it, the oldest
#: are removed until they take three quarters of it.
LIMIT = 256 * 2 ** 20
#: How often, at most, the readings of one kind are counted: counting them is a walk over thousands of files.
PRUNED_EVERY = 24 * 3600


def kept(kind: str, made_from: list[str], code: tuple[Path, ...], read: Callable[[], Reading],
         still_true: Callable[[Reading], bool] = lambda reading: True) -> Reading:
    """``read()``, or what it gave when ``made_from`` (path, text, settings) and the ``code`` that reads
    them were the same, and ``still_true`` of it (the other files it looked at are as they were); kept in
    the user's cache, in the folder ``kind``."""
    key = hashlib.sha256('\0'.join([_digest(code), _installed(), *made_from]).encode('utf-8', 'surrogatepass')
                         ).hexdigest()
    path = user_cache() / kind / key
    try:
        reading = pickle.loads(path.read_bytes())
        if still_true(reading):
            return reading
    except Exception:  # not kept yet, or not whole: read again
        pass
    reading = read()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f'{key}.{os.getpid()}')
        partial.write_bytes(pickle.dumps(reading, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(path)
        _bounded(path.parent)
    except OSError:
        pass
    return reading


def _bounded(folder: Path) -> None:
    """Remove the oldest readings kept in ``folder`` while they take more than LIMIT, if they were not
    counted in the last PRUNED_EVERY seconds."""
    import time

    counted = folder.with_name(f'{folder.name}.counted')  # beside the folder: nothing in it but readings
    try:
        if time.time() - counted.stat().st_mtime < PRUNED_EVERY:
            return
    except OSError:
        pass
    counted.touch()
    readings = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if '.' not in entry.name:  # not a reading being written (<key>.<pid>)
                try:
                    status = entry.stat()
                except OSError:
                    continue  # removed meanwhile, by another command
                readings.append((status.st_mtime, status.st_size, entry.path))
    total = sum(size for _, size, _ in readings)
    if total <= LIMIT:
        return
    for _, size, path in sorted(readings):
        if total <= LIMIT * 3 // 4:
            break
        try:
            os.unlink(path)
        except OSError:
            continue
        total -= size


def file_state(path: Path) -> tuple | None:
    """What changes when a file is written, replaced or moved, even to the same size and time: its inode
    and its status change time (which no program sets back) besides its size and modification time."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns


@functools.cache
def _installed() -> str:
    """The installed libraries (once a run: listing them costs a few milliseconds)."""
    return software()


@functools.cache
def _digest(code: tuple[Path, ...]) -> str:
    return hashlib.sha256(b''.join(path.read_bytes() for path in code)).hexdigest()
