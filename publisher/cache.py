"""The user's cache folder: what can be made again, kept only to save time.

A cache is never a reason to fail, nor to be wrong.  Each entry is written
with a digest of what it stands for and of its own bytes, and checked when
it is read: a damaged, truncated or foreign entry is made again.  A cache
that cannot be read or written at all (a file where its folder should be, a
read-only folder) is done without.  Either way the user hears of it once a
run, on standard error, since a cache that keeps failing costs time.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from .atomic import write_atomic

#: What a run has warned of already: each kind of cache once.
_warned: set[str] = set()


def warn_once(kind: str, message: str):
    """Tell the user once a run that the ``kind`` cache was not used as it was: ``message``."""
    if kind not in _warned:
        _warned.add(kind)
        print(f'publisher: {message}', file=sys.stderr)


def read_verified(path: Path, key: str, kind: str) -> bytes | None:
    """The bytes kept at ``path`` for ``key`` (what they stand for), if they are whole and for it; else None,
    and a warning when something was there but wrong."""
    try:
        kept = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        warn_once(kind, f'cannot read the {kind} cache {path} ({error.strerror}); working without it')
        return None
    digest, _, data = kept.partition(b'\n')
    if digest.decode('ascii', 'replace') != _digest(key, data):
        warn_once(kind, f'the {kind} cache {path} was damaged or not ours; made again')
        return None
    return data


def write_verified(path: Path, key: str, data: bytes, kind: str):
    """Keep ``data`` at ``path`` for ``key``, with their digest; warn once if it cannot be kept."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, _digest(key, data).encode() + b'\n' + data)
    except OSError as error:
        warn_once(kind, f'cannot write the {kind} cache {path} ({error.strerror}); it is made again next time')


def _digest(key: str, data: bytes) -> str:
    return hashlib.sha256(key.encode() + b'\0' + data).hexdigest()
