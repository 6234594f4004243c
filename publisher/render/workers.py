"""Where a run's PDF workers come from: forked from one process that imported WeasyPrint.

Importing WeasyPrint costs about half a second of CPU.  Workers forked from
the command each imported it for themselves: a run paid it once per worker,
and two workers importing at once on two cores took 1.3 s.  They are forked
instead from one process, multiprocessing's fork server, that imports
WeasyPrint and the modules a PDF needs once, while the command reads its
records; every worker shares what it imported.  The import only loads
Pango, fontconfig and cffi's bindings: each worker makes its own font
configuration after the fork (tests/test_render_workers.py checks that a
forked worker's PDF is the same bytes as one made in a single process).

The fork server is started by the first run of a process and serves its
later ones (the renders of ``serve``, a Python program's); it ignores
Ctrl-C, which the run handles, and ends when the process does.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading

#: A run's folder in the temporary folder: publisher-<the pid of the process that made it>-<random>.
RUN_PREFIX = 'publisher-'

#: What the fork server imports once for every worker: all a PDF and a binding need.
PRELOADED = ('publisher.render.preload',)


def worker_context():
    """multiprocessing's context that forks workers from the fork server, started now if it is not yet."""
    context = multiprocessing.get_context('forkserver')
    context.set_forkserver_preload(list(PRELOADED))
    server_folder()
    _start_fork_server()
    return context


def server_folder() -> str:
    """The folder of the fork server's socket: multiprocessing's temporary folder for this process,
    named as a run's folder, so that the next run removes it if this process is killed (see
    pdf.sweep_abandoned_runs); removed when the process ends."""
    import shutil
    import tempfile
    from multiprocessing import process, util

    config = process.current_process()._config  # where multiprocessing keeps it (util.get_temp_dir)
    if config.get('tempdir') is None:
        folder = tempfile.mkdtemp(prefix=f'{RUN_PREFIX}{os.getpid()}-', dir=socket_parent())
        util.Finalize(None, shutil.rmtree, args=(folder, True), exitpriority=-100)
        config['tempdir'] = folder
    return config['tempdir']


#: The longest path a Unix socket can have on Linux (sun_path holds 108 bytes, the last one a NUL).
SOCKET_PATH_MAX = 107

#: Where the socket's folder goes when the temporary folder's path is too long for a socket.
SHORT_TEMPORARY_FOLDERS = ('/tmp', '/var/tmp', '/dev/shm')

#: The longest name the socket's folder and the socket take below their parent, with their slashes:
#: /publisher-<pid, at most 7 digits>-<8 random>/listener-<8 random>.
_SOCKET_NAME_LENGTH = len(f'/{RUN_PREFIX}{"9" * 7}-{"x" * 8}/listener-{"x" * 8}')


def socket_parent() -> str:
    """The folder that holds the fork server's socket folder: the temporary folder, or, when its path
    is too long for a socket (a deep TMPDIR), the first short one this user can write to."""
    import tempfile

    temporary = tempfile.gettempdir()
    if len(os.fsencode(temporary)) + _SOCKET_NAME_LENGTH <= SOCKET_PATH_MAX:
        return temporary
    for folder in SHORT_TEMPORARY_FOLDERS:
        if os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK):
            return folder
    return temporary  # nowhere shorter: the fork server's start says why it cannot


def _start_fork_server():
    """Start the fork server, which imports while the caller goes on, ignoring Ctrl-C from its first
    instruction (the signal's handler is inherited; only the main thread can set it)."""
    from multiprocessing import forkserver

    if threading.current_thread() is not threading.main_thread():
        forkserver.ensure_running()
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)


#: How many times a run starts its fork server before it gives up: once more than a fork server killed once needs.
START_ATTEMPTS = 3


class StartedWorkers:
    """Every worker of ``pool`` (a ProcessPoolExecutor of worker_context()), started in a thread, which
    then watches them until ``stop``: each start waits for the fork server's imports, the caller does not.

    The pool reads each result whole from one pipe that every worker writes
    to and that the run's process holds open too: a worker that dies part-way
    through sending a PDF (killed by the run as it fails, or by anything
    else) would leave the pool waiting for the rest for ever, and the run
    with it.  So when a worker dies unasked, or the run stops them all, every
    worker is killed and the run lets go of its end of that pipe: the pool
    then reads the end of it and fails the PDFs it owes (BrokenProcessPool).
    """

    def __init__(self, pool):
        pool._safe_to_dynamically_spawn_children = False  # Python 3.11: start them all at once, as with fork
        self._pool = pool
        self._stopping, self._stop = os.pipe()
        self._thread = threading.Thread(target=self._start_and_watch, name='publisher-workers', daemon=True)
        self._thread.start()

    def _start_and_watch(self):
        from multiprocessing.connection import wait

        if not self._start():
            return
        workers = list(self._pool._processes.values())
        if self._stopping not in wait([self._stopping, *(worker.sentinel for worker in workers)]):
            self.kill()  # one died while the run still needed it

    def _start(self) -> bool:
        """Start the workers; whether they all started.  A fork server that died (killed, or out of memory)
        before it forked them all is started again, a few times; then the pool is broken, and fails the PDFs."""
        for _ in range(START_ATTEMPTS):
            try:
                self._pool.submit(int)  # the first job starts them all
                return True
            except RuntimeError:  # the run stopped first, or the pool broke
                return False
            except (OSError, EOFError) as error:  # the fork server ended without answering
                failure = error
        self._pool._broken = f'the PDF workers could not start: {failure or type(failure).__name__}'
        return False

    def stop(self, kill=False):
        """Stop watching, once every worker has started; with ``kill``, kill them all at once."""
        os.write(self._stop, b'.')
        self._thread.join()
        os.close(self._stop)
        os.close(self._stopping)
        if kill:
            self.kill()

    def kill(self):
        """Kill every worker, and close the run's end of the pipe of their results (see above)."""
        for worker in list(self._pool._processes.values()):
            worker.kill()
        self._pool._result_queue._writer.close()  # the run never writes to it: the workers do


def let_go_of_fork_server():
    """In a worker: close its end of the pipe that keeps the fork server up.

    multiprocessing gives every process the server forks that end, so that it
    could start processes of its own; a worker starts none.  Without its end,
    the server ends when the run's process does, even killed, and the workers,
    whose death is tied to the server's (PR_SET_PDEATHSIG), with it.
    """
    from multiprocessing import forkserver

    server = forkserver._forkserver  # Python 3.11's one fork server of the process
    if server._forkserver_alive_fd is not None:
        os.close(server._forkserver_alive_fd)
        server._forkserver_alive_fd = None


def stop_fork_server():
    """Stop the fork server and remove its folder: Ctrl-C leaves nothing behind, though the command
    then leaves at once, without its exit handlers."""
    import shutil
    from multiprocessing import forkserver, process

    forkserver._forkserver._stop()
    config = process.current_process()._config
    folder = config.get('tempdir')
    if folder and os.path.basename(folder).startswith(f'{RUN_PREFIX}{os.getpid()}-'):
        shutil.rmtree(folder, ignore_errors=True)
        config['tempdir'] = None
