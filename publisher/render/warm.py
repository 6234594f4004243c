"""A user's warm PDF workers: WeasyPrint imported once for a day of renders, not once a run.

The first ``render`` that needs a PDF starts a small service of this user's
in the background: the PdfWorkers of pdf.py, kept warm (WeasyPrint, its
fonts, stylesheets and photos loaded) behind a Unix socket,
``$XDG_RUNTIME_DIR/publisher/pdf-<installation>.sock`` (without that
folder, ``<temporary folder>/publisher-warm-<uid>/``).  The folder is the
user's alone (0700), the socket too (0600), and each end checks the other's
user with SO_PEERCRED: another user can neither ask for a PDF nor answer
one.  Each installation of publisher has its own service, named by its
code and packages, so a service never renders with other code than the
render that asks it.

A request is what PdfWorkers.submit or assemble is given; the service hands
it to the same render_pdf, which reads only the files the HTML stage linked,
inside the workspace or the package, as in a run's own workers.  A worker
notices a file that changed since it kept what it read from it (see
pdf.py), so a warm PDF is the same bytes as a cold one.

The service ends after ``PUBLISHER_WARM`` idle minutes (10 by default), on
``publisher workers stop``, or on SIGTERM, removing its socket and its
folder; ``PUBLISHER_WARM=0`` turns it off, and each run then has workers of
its own, as when the service cannot be reached.  A socket whose service was
killed is replaced by the next render.

Beside its workers, the service forks a command process before it starts
any thread: ``render`` and ``check`` hand their whole command to it (see
handover.py); it ends with the service, once the commands under way are done.
"""

from __future__ import annotations

import os
import pickle
import socket
import sys
import threading
import time
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path

from .. import wire
from ..installation import installation
from ..wire import NotPrivate, Unavailable, connect, idle_minutes, peer_uid, private_folder, receive, send

#: How long a render waits for a service it started to listen, in seconds: it binds before it imports.
START_TIMEOUT = 10
#: How often the service looks at the clock, its socket and a stop request, in seconds.
TICK = 1.0
#: At most this many requests of a run under way at once: the service renders one PDF per core.
REQUESTS_AT_ONCE = 8


# Where the service is, and whose it is.

def runtime_folder() -> Path:
    """The folder of this user's services (see wire.py)."""
    return Path(wire.runtime_folder())


def socket_path(folder: Path | None = None) -> Path:
    """The socket of this installation's service."""
    return (folder or runtime_folder()) / f'pdf-{installation()}.sock'


def ask(path: Path, message, timeout: float | None = None):
    """The service's answer to ``message``."""
    with connect(path) as connection:
        connection.settimeout(timeout)
        send(connection, message)
        return receive(connection)


def services(folder: Path | None = None) -> list[Path]:
    """The sockets of this user's services, of every installation."""
    folder = folder or runtime_folder()
    try:
        private_folder(folder, create=False)
    except FileNotFoundError:
        return []
    return sorted(folder.glob('pdf-*.sock'))


def stop(path: Path, timeout: float = 60) -> int:
    """Stop the service at ``path`` once the PDFs under way are rendered, and wait for it to end; its pid."""
    from .pdf import _alive as alive

    pid = ask(path, ('stop',), timeout=10)['pid']
    deadline = time.monotonic() + timeout
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return pid


# The render's side.

def pdf_workers(expected: int, warn=None):
    """What renders a run's PDFs: this user's warm service (started if it is not running), else workers
    of the run's own (PdfWorkers): when it is turned off, cannot be reached, or is not this user's alone,
    which ``warn`` is told."""
    from .pdf import PdfWorkers

    minutes = idle_minutes()
    if minutes:
        try:
            return WarmPdfs(socket_path(private_folder(runtime_folder(), create=True)), minutes, expected)
        except NotPrivate as error:
            if warn:
                warn(f'{error}: rendering without the warm PDF workers')
        except OSError as error:
            if warn:
                warn(f'cannot start the warm PDF workers: {error.strerror or error}; rendering without them')
    return PdfWorkers(expected)


class WarmPdfs:
    """This user's warm service, rendering a run's PDFs; used as PdfWorkers is, as a context manager.

    Creating it starts the service if no service answers (a socket left by
    one that was killed is replaced), without waiting for it.  Each PDF is
    one request on a connection of its own; a request the service cannot
    take (it stopped meanwhile) is done by workers of the run's own.
    Leaving the block with an exception, or Ctrl-C, closes the connections
    at once: the service drops what they asked and stays up.
    """

    def __init__(self, path: Path, minutes: float, expected: int):
        from concurrent.futures import ThreadPoolExecutor

        self.path, self.expected = path, expected
        self._starting = None if _answers(path) else _start(path, minutes)
        self._requests = ThreadPoolExecutor(REQUESTS_AT_ONCE, thread_name_prefix='publisher-warm')
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._own = None  # the run's own workers, if the service fails it
        self._leaving = False

    def submit(self, html: str, workspace, *, source: Path, files=(), embedded=(), archive=False,
               created=None) -> Future:
        """Start rendering ``html`` in the service (see PdfWorkers.submit)."""
        files = [Path(path).absolute() for path in files]
        embedded = [replace(file, path=file.path.absolute()) for file in embedded]
        options = dict(source=source, files=files, embedded=embedded, archive=archive, created=created)
        return self._request(('render', html, workspace, options),
                             lambda workers: workers.submit(html, workspace, **options))

    def assemble(self, parts: list[tuple[str, Future]], properties, *, source: Path) -> Future:
        """Bind the PDFs of ``parts`` in the service, once all of them are there (see PdfWorkers.assemble)."""
        from .pdf import when_ready

        def bind(ready):
            return self._request(('assemble', ready, properties, source),
                                 lambda workers: workers.assemble(_done(ready), properties, source=source))

        return when_ready(parts, bind)

    def _request(self, message, otherwise) -> Future:
        """The future of the service's answer to ``message``: the PDF's bytes, with ``seconds``; if the service
        cannot answer, the future ``otherwise`` gives for the run's own workers."""
        future = Future()

        def exchange():
            try:
                pdf, seconds = self._exchange(message)
            except Unavailable:
                if self._leaving:
                    future.cancel()
                else:
                    _follow(otherwise(self._own_workers()), future)
            except Exception as error:  # an error of the inputs, raised where render reports it
                future.set_exception(error)
            else:
                future.seconds = seconds
                future.set_result(pdf)

        try:
            self._requests.submit(exchange)
        except RuntimeError:  # the run is stopping
            future.cancel()
        return future

    def _exchange(self, message):
        if self._starting is not None:
            _wait_for(self.path, self._starting)
        try:
            connection = connect(self.path)
        except NotPrivate as error:
            raise Unavailable(str(error)) from None
        with self._lock:
            self._open.add(connection)
        try:
            with connection:
                send(connection, message)
                kind, *answer = receive(connection)
        except OSError as error:  # the service was stopped or killed meanwhile, or the run is leaving
            raise Unavailable(str(error)) from None
        finally:
            with self._lock:
                self._open.discard(connection)
        if kind == 'error':
            raise answer[0]
        return answer

    def _own_workers(self):
        from .pdf import PdfWorkers

        with self._lock:
            if self._own is None:
                self._own = PdfWorkers(self.expected)
            return self._own

    def __enter__(self):
        return self

    def __exit__(self, kind, *exception):
        if kind is not None:  # an error, or Ctrl-C: hang up; the service drops what was asked
            self._leaving = True
            with self._lock:
                for connection in self._open:
                    try:
                        connection.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
        self._requests.shutdown(wait=kind is None, cancel_futures=kind is not None)
        if self._own is not None:
            self._own.__exit__(kind, *exception)


def _done(parts: list[tuple[str, bytes]]) -> list[tuple[str, Future]]:
    """``parts`` with each PDF's bytes as a future already done."""
    ready = []
    for language, pdf in parts:
        future = Future()
        future.set_result(pdf)
        ready.append((language, future))
    return ready


def _follow(source: Future, future: Future):
    """Give ``future`` what ``source`` gives, with its ``seconds``."""
    def finished(source):
        if source.cancelled():
            future.cancel()
        elif source.exception() is not None:
            future.set_exception(source.exception())
        else:
            future.seconds = getattr(source, 'seconds', None)
            future.set_result(source.result())

    source.add_done_callback(finished)


def _answers(path: Path) -> bool:
    try:
        connect(path).close()
    except Unavailable:
        return False
    return True


def _start(path: Path, minutes: float):
    """Start the service of ``path`` in a session of its own (Ctrl-C in the terminal does not reach it),
    not waiting for it; the launcher, which it is forked from, is returned to be waited for."""
    import subprocess

    return subprocess.Popen([sys.executable, '-m', __name__, str(path), repr(minutes)], cwd='/',
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, close_fds=True)


def _wait_for(path: Path, launcher, timeout: float = START_TIMEOUT):
    """Wait until the service at ``path`` answers; Unavailable if it does not within ``timeout``."""
    launcher.wait()  # it leaves as soon as the service is forked
    deadline = time.monotonic() + timeout
    while not _answers(path):
        if time.monotonic() > deadline:
            raise Unavailable(f'{path}: the warm PDF workers did not start within {timeout} s')
        time.sleep(0.02)


# The service's side.

class Service:
    """The warm service of the socket ``path``: PdfWorkers behind a socket, until ``minutes`` idle minutes pass,
    a stop request, SIGTERM, or another service taking its socket."""

    def __init__(self, path: Path, minutes: float):
        self.path, self.minutes = path, minutes
        self.started = self.last_request = time.time()
        self.rendered = 0
        self.commands = None
        self.stopping = threading.Event()
        self._busy = 0
        self._lock = threading.Lock()

    def run(self):
        """Serve until it is time to end, then remove the socket and, if nothing else is in it, the folder."""
        import signal

        from ..handover import start_command_process, stop_command_process
        from .pdf import PdfWorkers

        listener = self._listen()
        if listener is None:
            return
        self.commands = commands = start_command_process(str(self.path.with_name('cmd-' + self.path.name.removeprefix('pdf-'))),
                                         str(self.path), listener)
        signal.signal(signal.SIGTERM, lambda number, frame: self.stopping.set())
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        inode = self.path.stat().st_ino
        try:
            with listener, PdfWorkers(os.cpu_count() or 1) as self.workers:
                listener.settimeout(TICK)
                while not self._time_to_end(inode):
                    try:
                        connection, _ = listener.accept()
                    except TimeoutError:
                        continue
                    with self._lock:
                        self._busy += 1
                    threading.Thread(target=self._serve, args=(connection,), daemon=True).start()
                self._remove_socket(inode)
                while self._busy:  # the requests under way are answered
                    time.sleep(0.05)
        finally:
            stop_command_process(commands)
            self._remove_socket(inode)
            try:
                self.path.parent.rmdir()
            except OSError:  # another installation's service, or a render starting one
                pass

    def _listen(self) -> socket.socket | None:
        """The listening socket at ``path`` (0600), replacing a socket nobody answers; None if a service does."""
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        os.umask(0o077)
        private_folder(self.path.parent, create=True)
        try:
            listener.bind(str(self.path))
        except OSError:
            if _answers(self.path):
                listener.close()
                return None
            self.path.unlink(missing_ok=True)
            listener.bind(str(self.path))
        os.chmod(self.path, 0o600)
        listener.listen(64)
        return listener

    def _time_to_end(self, inode: int) -> bool:
        if self.stopping.is_set():
            return True
        try:
            if self.path.stat().st_ino != inode:  # another service took the socket's name
                return True
        except FileNotFoundError:
            return True
        return not self._busy and time.time() - self.last_request > self.minutes * 60

    def _remove_socket(self, inode: int):
        try:
            if self.path.stat().st_ino == inode:
                self.path.unlink()
        except FileNotFoundError:
            pass

    def _serve(self, connection: socket.socket):
        """Answer one request of this user's; a connection of another user's is closed unanswered."""
        try:
            with connection:
                if peer_uid(connection) != os.getuid():
                    return
                request = receive(connection)
                answer = self._answer(request, connection)
                if answer is not None:
                    send(connection, answer)
        except BrokenProcessPool:  # a worker was killed: end, unanswered; the render renders it itself
            self.stopping.set()
        except (OSError, pickle.UnpicklingError, EOFError):
            pass  # the render hung up (Ctrl-C) or sent nothing sensible: nothing to answer
        finally:
            with self._lock:
                self._busy -= 1
                self.last_request = time.time()

    def _answer(self, request, connection):
        kind = request[0]
        if kind == 'status':
            return {'pid': os.getpid(), 'started': self.started, 'rendered': self.rendered, 'minutes': self.minutes,
                    'busy': self._busy,  # requests under way, this one included
                    'commands': self.commands}  # the command process's pid (see handover.py)
        if kind == 'stop':
            self.stopping.set()
            return {'pid': os.getpid()}
        if kind == 'render':
            _, html, workspace, options = request
            future = self.workers.submit(html, workspace, **options)
        elif kind == 'assemble':
            _, parts, properties, source = request
            future = self.workers.assemble(_done(parts), properties, source=source)
        else:
            return None
        return self._outcome(future, connection)

    def _outcome(self, future: Future, connection: socket.socket):
        """The PDF ``future`` gives, or its error; None, the PDF cancelled, if the render hangs up first."""
        from concurrent.futures import TimeoutError as NotYet

        while True:
            try:
                pdf = future.result(timeout=0.1)
            except NotYet:
                if _hung_up(connection):
                    future.cancel()
                    return None
                continue
            except BrokenProcessPool:
                raise
            except Exception as error:
                return ('error', error)
            with self._lock:
                self.rendered += 1
            return ('pdf', pdf, getattr(future, 'seconds', None))


def _hung_up(connection: socket.socket) -> bool:
    try:
        return connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b''
    except BlockingIOError:
        return False
    except OSError:
        return True


def main(arguments: list[str]):
    """``python -m publisher.render.warm SOCKET MINUTES``: fork the service and leave, so that it is
    nobody's child (the render that starts it waits for this launcher only)."""
    path, minutes = Path(arguments[0]), float(arguments[1])
    if os.fork():
        os._exit(0)
    Service(path, minutes).run()


if __name__ == '__main__':
    main(sys.argv[1:])
