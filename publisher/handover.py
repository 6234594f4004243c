"""The ``publisher`` command, handed to the warm service when it runs: a render without Python's start.

Starting Python and importing what a render needs (the record's schema,
Jinja2, Babel, python-hwpx, the fonts' tables) takes about 0.3 s, longer
than a warm render's own work.  So the warm service (render/warm.py) keeps,
beside its PDF workers, a *command process*: one that imported all of it
and ran it once on the package's starter record, and that answers at
``cmd-<installation>.sock`` beside the service's own socket, under the same
rules (the folder and socket this user's alone, each end checking the
other's user).

When it answers, ``publisher render`` and ``publisher check`` hand the
command to it and wait.  The command process forks a copy of itself that
runs the command as this process would have: with its arguments, in its
folder, with its environment and umask, writing to its standard streams
(the file descriptors themselves are passed: the terminal is the
command's own).  Ctrl-C and the other signals this process gets are passed
on, its exit status is the copy's, and a copy whose caller goes away is
interrupted as by Ctrl-C.  The same code does the work either way (the
service is named by publisher's files and the installed packages), so the
outputs are the same bytes.

Every other command runs here, as does every command when no command
process answers, when the warm service is turned off (``PUBLISHER_WARM=0``)
or its folder is not this user's alone.  The first render that needs a PDF
starts the service, and with it the command process; ``publisher workers
stop`` stops both.  This module is imported before anything else: only the
standard library's quickest modules are used here, the rest of publisher
when a command process starts.
"""

from __future__ import annotations

import os
import pickle
import signal
import socket
import sys

from .installation import installation
from .wire import NotPrivate, Unavailable, WarmSettingError, connect, idle_minutes, private_folder, receive, \
    runtime_folder, send

#: The verbs handed to the command process: those a press officer runs all day, reading records and
#: writing outputs, not those that serve, ask the network or manage the service itself.
HANDED_OVER = frozenset({'render', 'check'})
#: The signals passed on to the copy that runs a command.
PASSED_ON = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
#: How long a command waits for the command process to take it, in seconds; then it runs here.
TAKE_TIMEOUT = 10


def run():
    """The ``publisher`` command: done by the warm service's command process if one answers, else here."""
    status = hand_over(sys.argv)
    if status is None:
        from .cli import run as run_here

        run_here()
    return status


def command_socket(folder: str) -> str:
    """The command process's socket, in the folder of this user's services."""
    return os.path.join(folder, f'cmd-{installation()}.sock')


# The command's side.

def hand_over(argv: list[str]) -> int | None:
    """The exit status of the command ``argv``, done by the command process; None if it is to be done here
    (it is not a command handed over, or no command process took it: nothing of it was done)."""
    if len(argv) < 2 or argv[1] not in HANDED_OVER or not _warm_service_on():
        return None
    try:
        connection = connect(command_socket(private_folder(runtime_folder(), create=False)))
    except (OSError, NotPrivate, Unavailable):
        return None
    with connection:
        try:
            taken = _handed(connection, argv)
        except KeyboardInterrupt:  # before the command started: as click says when it is interrupted
            sys.stderr.write('Aborted!\n')
            return 1
        return _outcome(connection) if taken else None


def _warm_service_on() -> bool:
    try:
        return idle_minutes() > 0
    except WarmSettingError:  # said by the command, run here
        return False


def _handed(connection: socket.socket, argv: list[str]) -> bool:
    """Hand ``argv`` over, with this process's streams, folder, environment and umask; whether the command
    process's copy took it.  From then on, the signals this process gets are passed on to the copy."""
    request = {'argv': argv, 'main_package': getattr(sys.modules['__main__'], '__package__', None),
               'cwd': os.getcwd(), 'environ': dict(os.environ), 'umask': _umask(),
               'streams': [_stream_settings(stream) for stream in (sys.stdin, sys.stdout, sys.stderr)]}
    try:
        connection.settimeout(TAKE_TIMEOUT)
        socket.send_fds(connection, [b'F'], [0, 1, 2])
        send(connection, request)
        if receive(connection)[0] != 'taken':
            return False
        _pass_signals_on(connection)
        try:
            send(connection, ('go',))
        except OSError:
            _restore_signals()
            return False
        connection.settimeout(None)
        return True
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, IndexError, TypeError):
        return False


def _outcome(connection: socket.socket) -> int:
    """The exit status the command process reports once its copy ended; a copy killed by a signal
    (the SIGTERM passed on, say) ends this process by the same signal."""
    try:
        while True:
            message = receive(connection)
            if message[0] == 'exit':
                break
    except (OSError, EOFError, pickle.UnpicklingError):
        sys.stderr.write('publisher: the warm service stopped before the command was done\n')
        return 1
    status = message[1]
    if status >= 0:
        return status
    _restore_signals()
    signal.signal(-status, signal.SIG_DFL)
    os.kill(os.getpid(), -status)
    return 128 - status


_previous_handlers = {}


def _pass_signals_on(connection: socket.socket):
    def pass_on(number, frame):
        try:
            send(connection, ('signal', number))
        except OSError:
            pass

    for number in PASSED_ON:
        _previous_handlers[number] = signal.signal(number, pass_on)


def _restore_signals():
    for number, handler in _previous_handlers.items():
        signal.signal(number, handler)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _stream_settings(stream):
    """How a standard stream encodes and buffers text, for the copy's own stream on the same file."""
    if stream is None:
        return None
    return {'encoding': stream.encoding, 'errors': stream.errors, 'line_buffering': stream.line_buffering,
            'write_through': getattr(stream, 'write_through', False)}


# The command process's side.

#: How often the command process looks at its socket and for a stop request, in seconds.
TICK = 1.0
#: At most this long, in seconds, the command process waits for the PDFs that started the service
#: before it warms up, so as not to slow them down.
WARM_UP_WAIT = 60


def start_command_process(path: str, service: str, listener: socket.socket) -> int:
    """Fork the command process of the service at ``service`` (which ``listener`` listens for), answering at
    ``path``; its pid.  Forked before the service starts any thread: a fork copies only the thread forking."""
    parent = os.getpid()
    pid = os.fork()
    if pid:
        return pid
    try:
        listener.close()
        CommandProcess(path, service, parent).run()
    finally:
        os._exit(0)


def stop_command_process(pid: int):
    """Stop the command process ``pid``: it stops answering at once, and ends when its commands are done."""
    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


class CommandProcess:
    """Imports and warms up what a command runs, then forks a copy of itself for each command handed over at
    ``path``, until SIGTERM (the service stops, or ends: see _die_with_parent)."""

    def __init__(self, path: str, service: str, service_pid: int):
        self.path, self.service, self.service_pid = path, service, service_pid
        self.callers: dict[int, socket.socket] = {}  # each copy's pid: its caller, told its exit status
        self.stopping = False

    def run(self):
        import gc
        import time

        from .render.pdf import _die_with_parent

        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _die_with_parent(signal.SIGTERM)
        if os.getppid() != self.service_pid:  # the service died before the line above
            return
        self._warm_up()
        # What was loaded is kept out of the collector's sight: a copy that collects does not touch it,
        # so the pages it shares with the command process stay shared.
        gc.collect()
        gc.freeze()
        listener = None if self.stopping else self._listen()
        if listener is None:
            return
        signal.signal(signal.SIGCHLD, lambda number, frame: self._reap())
        inode = os.stat(self.path).st_ino
        try:
            with listener:
                listener.settimeout(TICK)
                while not self.stopping and _same_file(self.path, inode):
                    try:
                        connection, _ = listener.accept()
                    except TimeoutError:
                        continue
                    self._fork_for(connection, listener)
        finally:
            if _same_file(self.path, inode):
                os.unlink(self.path)
            while self.callers:  # the commands under way are done, and their callers told
                time.sleep(0.05)
                self._reap()

    def _stop(self, number, frame):
        self.stopping = True

    def _warm_up(self):
        """Run what a render runs once, on the package's starter record (its HTML and HWPX, in Korean and
        English, into a temporary folder), once the PDFs of the render that started the service are done;
        and load what the starter does not reach: Pillow with its common formats for photos, and Babel's data
        of the languages publisher sets in a typeface of their own, which a page names its editions in."""
        import tempfile
        import time

        from PIL import Image

        from . import formats, languages
        from .cli import main
        from .render import pdf, warm  # noqa: F401 (what a render with PDFs imports besides)
        from .workspace import PACKAGE

        deadline = time.monotonic() + WARM_UP_WAIT
        while not self.stopping and not self._service_idle() and time.monotonic() < deadline:
            time.sleep(0.25)
        if self.stopping:  # stopped before it answered anyone: nothing to warm up for
            return
        Image.preinit()  # the starter has no photo; nearly every release has, read by Pillow (20-35 ms to import)
        for language in languages.FONTS:  # a page names each edition in its own language: Babel's data for it
            formats.locale(language).display_name
        starter = str(PACKAGE / 'starter')
        environment = dict(os.environ)
        os.environ['PUBLISHER_WARM'] = '0'  # no PDF: no service, no workers
        try:
            with tempfile.TemporaryDirectory(prefix='publisher-warm-up-') as out:
                for arguments in (['check', starter], ['render', starter, '-l', 'ko', '-l', 'en', '--draft',
                                                       '-f', 'html', '-f', 'hwpx', '--out', out]):
                    if self.stopping:
                        break
                    try:
                        main(arguments, standalone_mode=False)
                    except (Exception, SystemExit):  # warmed as far as it went
                        pass
        finally:
            os.environ.clear()
            os.environ.update(environment)

    def _service_idle(self) -> bool:
        """Whether the service renders nothing (the request asking is the one it is answering); asking it
        also counts as a request for its idle clock."""
        try:
            with connect(self.service) as connection:
                connection.settimeout(5)
                send(connection, ('status',))
                return receive(connection)['busy'] <= 1
        except (OSError, NotPrivate, Unavailable, EOFError, pickle.UnpicklingError, KeyError, TypeError):
            return True

    def _listen(self) -> socket.socket | None:
        """The listening socket at ``path`` (0600), replacing a socket nobody answers; None if a process does."""
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(self.path)
        except OSError:
            try:
                connect(self.path).close()
            except (OSError, NotPrivate, Unavailable):
                os.unlink(self.path)
                listener.bind(self.path)
            else:
                listener.close()
                return None
        os.chmod(self.path, 0o600)
        listener.listen(64)
        return listener

    def _fork_for(self, connection: socket.socket, listener: socket.socket):
        """Fork the copy that runs the command of ``connection``, if it comes from this user."""
        from .wire import peer_uid

        with connection:
            if peer_uid(connection) != os.getuid():
                return
            self._service_idle()  # a command is a request, for the service's idle clock
            # Its exit is told by _reap, which must find the copy among the callers.
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
            try:
                pid = os.fork()
                if pid == 0:
                    listener.close()
                    for caller in self.callers.values():
                        caller.close()
                    run_handed(connection)
                self.callers[pid] = connection.dup()
            finally:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})

    def _reap(self):
        """Tell the caller of each copy that ended its exit status (a signal's as its negative number)."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            caller = self.callers.pop(pid, None)
            if caller is not None:
                with caller:
                    try:
                        caller.settimeout(1)
                        send(caller, ('exit', os.waitstatus_to_exitcode(status)))
                    except OSError:
                        pass


def _same_file(path: str, inode: int) -> bool:
    try:
        return os.stat(path).st_ino == inode
    except FileNotFoundError:
        return False


# The copy's side.

def run_handed(connection: socket.socket):
    """In the command process's copy: take the command of ``connection``, and run it as the ``publisher``
    command; never returns."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
    for number in (signal.SIGTERM, signal.SIGCHLD, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        connection.settimeout(TAKE_TIMEOUT)
        _, fds, _, _ = socket.recv_fds(connection, 1, 3)
        if len(fds) != 3:
            raise ValueError(f'{len(fds)} streams')
        request = receive(connection)
        send(connection, ('taken', os.getpid()))
        if receive(connection) != ('go',):
            raise ValueError('not asked to go')
        connection.settimeout(None)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError):
        os._exit(1)  # not taken: the command is run where it was asked
    try:
        _take_over(request, fds)
        import threading

        threading.Thread(target=_watch, args=(connection,), daemon=True).start()
        from .cli import run

        run()
    except SystemExit:
        pass
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        import atexit

        # What the interpreter does at exit; cli.run's last exit handler leaves with the command's status.
        atexit._run_exitfuncs()
        os._exit(1)


def _take_over(request: dict, fds: list[int]):
    """Become the command's process: its standard streams, arguments, folder, environment and umask."""
    import locale
    import tempfile

    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    for number, fd in enumerate(fds):
        os.dup2(fd, number)
        os.close(fd)
    sys.stdin, sys.stdout, sys.stderr = (_text_stream(number, settings)
                                         for number, settings in enumerate(request['streams']))
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = sys.stdin, sys.stdout, sys.stderr
    sys.argv = list(request['argv'])
    # click names the program from argv[0] and how Python was started (``python -m publisher``, say)
    sys.modules['__main__'].__package__ = request['main_package']
    os.environ.clear()
    os.environ.update(request['environ'])
    os.umask(request['umask'])
    tempfile.tempdir = None  # found again from the command's TMPDIR
    try:
        locale.setlocale(locale.LC_CTYPE, '')  # as Python sets it when it starts
    except locale.Error:
        pass
    try:
        os.chdir(request['cwd'])
    except OSError as error:
        sys.stderr.write(f'publisher: cannot work in {request["cwd"]}: {error.strerror}\n')
        sys.stderr.flush()
        os._exit(1)


def _text_stream(number: int, settings: dict | None):
    """A text stream on standard file ``number``, encoding and buffering as the command's own did."""
    import io

    if settings is None:
        return None
    raw = io.FileIO(number, 'rb' if number == 0 else 'wb', closefd=False)
    buffered = io.BufferedReader(raw) if number == 0 else io.BufferedWriter(raw)
    return io.TextIOWrapper(buffered, encoding=settings['encoding'], errors=settings['errors'],
                            line_buffering=settings['line_buffering'], write_through=settings['write_through'])


def _watch(connection: socket.socket):
    """Raise in this process the signals the caller passes on; a caller gone (killed) interrupts it, as Ctrl-C."""
    try:
        while True:
            kind, number = receive(connection)
            if kind == 'signal' and number in PASSED_ON:
                os.kill(os.getpid(), number)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
        os.kill(os.getpid(), signal.SIGINT)
