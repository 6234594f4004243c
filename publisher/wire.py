"""The warm service's wire: a folder of this user's alone, sockets only this user opens and answers,
and pickled messages, each sent after its length.

Used by the service (render/warm.py, render/warmcommands.py) and by the
``publisher`` command before it imports anything else (handover.py): only
the standard library's quickest modules here.
"""

from __future__ import annotations

import os
import pickle
import socket
import stat
import struct

#: The environment variable that sets the idle minutes after which the service ends; 0 turns it off.
SETTING = 'PUBLISHER_WARM'
IDLE_MINUTES = 10.0

#: A message's length is sent first, in 8 bytes; nothing a render sends comes near this.
MESSAGE_LIMIT = 1 << 31


class WarmSettingError(ValueError):
    """PUBLISHER_WARM is not a number of minutes."""


def idle_minutes() -> float:
    """The idle minutes PUBLISHER_WARM sets (0: no warm service); IDLE_MINUTES when it is not set."""
    value = os.environ.get(SETTING, '').strip()
    if not value:
        return IDLE_MINUTES
    try:
        minutes = float(value)
    except ValueError:
        minutes = float('nan')
    if not minutes >= 0 or minutes == float('inf'):
        raise WarmSettingError(f'{SETTING}={value!r} is not a number of minutes: the warm PDF workers end after '
                               f'that many idle minutes (default {IDLE_MINUTES:g}); 0 turns them off')
    return minutes


class NotPrivate(Exception):
    """The service's folder or socket is not this user's alone: it is not used."""


class Unavailable(Exception):
    """No service answers at the socket, or it stopped answering."""


def runtime_folder() -> str:
    """The folder of this user's services: $XDG_RUNTIME_DIR/publisher, else one in a short temporary folder."""
    runtime = os.environ.get('XDG_RUNTIME_DIR', '')
    if os.path.isabs(runtime) and os.path.isdir(runtime):
        return os.path.join(runtime, 'publisher')
    from .render.workers import socket_parent

    return os.path.join(socket_parent(), f'publisher-warm-{os.getuid()}')


def private_folder(folder, *, create: bool):
    """``folder``, checked to be a folder of this user's that nobody else may enter (made if ``create``);
    else NotPrivate."""
    if create:
        try:
            os.mkdir(folder, mode=0o700)
        except FileExistsError:
            pass
    status = os.lstat(folder)
    if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid():
        raise NotPrivate(f'{folder} is not a folder of this user')
    if status.st_mode & 0o077:
        raise NotPrivate(f'{folder} may be opened by other users (mode {stat.S_IMODE(status.st_mode):o}); '
                         'it should be 700')
    return folder


def connect(path) -> socket.socket:
    """A connection to the service at ``path``, whose process is this user's; Unavailable if none answers,
    NotPrivate if the socket or its answerer is another user's."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        raise Unavailable(f'{path}: no warm PDF workers') from None
    if not stat.S_ISSOCK(status.st_mode) or status.st_uid != os.getuid():
        raise NotPrivate(f'{path} is not a socket of this user')
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(os.fspath(path))
    except OSError as error:  # refused: a socket its service left when it was killed
        connection.close()
        raise Unavailable(f'{path}: {error.strerror or error}') from None
    if peer_uid(connection) != os.getuid():
        connection.close()
        raise NotPrivate(f'{path} is answered by another user')
    return connection


def peer_uid(connection: socket.socket) -> int:
    """The user of the process at the other end of a Unix socket (SO_PEERCRED: pid, uid, gid)."""
    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize('3i'))
    return struct.unpack('3i', credentials)[1]


def send(connection: socket.socket, message):
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    connection.sendall(struct.pack('!Q', len(data)) + data)


def receive(connection: socket.socket):
    """The next message on ``connection``; ConnectionError if it closes first."""
    (length,) = struct.unpack('!Q', _exactly(connection, 8))
    if length > MESSAGE_LIMIT:
        raise ConnectionError(f'a message of {length} bytes')
    return pickle.loads(_exactly(connection, length))


def _exactly(connection: socket.socket, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = connection.recv(min(left, 1 << 20))
        if not chunk:
            raise ConnectionError('the other end closed the connection')
        chunks.append(chunk)
        left -= len(chunk)
    return b''.join(chunks)
