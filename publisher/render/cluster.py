"""PDFs rendered on an existing Dask distributed cluster, for an archive too big for one machine.

``publisher render --scheduler tcp://HOST:8786`` hands each PDF to the
cluster's workers instead of local worker processes (pdf.py's PdfWorkers).
A worker needs publisher installed, the same version, and nothing else: no
disk shared with this machine.  Each job carries what it reads: the print
HTML, its options, and the fonts, photos and attachments, each sent to the
cluster once per run under its SHA-256.  The worker copies them into a
folder of the job's own, renders the PDF as a local render does (render_pdf,
with the same HTML and URLs, WeasyPrint reading only the copies), removes
the folder and sends the PDF's bytes back.  Everything else stays here:
the manifests, and writing every output of the run at once (see build.py).

distributed is imported only when a scheduler is given: it takes seconds.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from ..problems import InputError, shown
from ..workspace import Workspace
from .assemble import assemble_pdf
from .images import reuse_image_streams
from .pdf import IMAGES_KEPT, Copies, fonts_in, render_pdf, timed, when_ready

#: How long the scheduler has to answer, and to have a worker, in seconds.
TIMEOUT = 5


class ClusterError(Exception):
    """The cluster cannot be reached, or failed a job: one line for the user."""


class DaskWorkers:
    """The workers of the Dask scheduler at ``address``, rendering PDFs; use as a context manager.

    Its ``submit`` is PdfWorkers's: a future of the PDF's bytes, with the
    seconds the worker took.  Leaving the block with an exception, or
    Ctrl-C, cancels the jobs not yet done; a worker still rendering one
    removes its folder when it is done.  The cluster forgets a PDF as soon
    as it is here, and a file as soon as no job still to be done needs it.
    """

    def __init__(self, address: str):
        from collections import Counter

        self.address = address
        self._client = _connect(address)
        self._digests: dict[Path, str] = {}  # the files read this run, by path: they do not change during it
        self._paths: dict[str, Path] = {}  # and a path of each, by SHA-256
        self._lock = threading.Lock()  # jobs end in distributed's threads
        self._sent: dict[str, object] = {}  # the cluster's futures of the files' bytes, by SHA-256
        self._needed = Counter()  # how many jobs not done need each of them
        self._waiting: dict[object, set[str]] = {}  # the jobs not done, with the files they need
        self._leaving = False

    def submit(self, html: str, workspace: Workspace, *, source: Path, files=(), embedded=(), archive=False,
               created=None) -> Future:
        """Start rendering ``html`` on the cluster (see render_pdf); the future's result is the PDF's bytes,
        and its ``seconds`` how long the worker took.  Only the ``files`` it links and the ``embedded``
        are sent: the worker's renderer reads nothing else."""
        paths = [str(path) for path in files] + [str(file.path) for file in embedded]
        files = {path: (self._digest(Path(path)), Path(path).name) for path in paths}
        with self._lock:
            blobs = {digest: self._send(digest) for digest, _ in files.values()}
            job = self._client.submit(render_job, html, workspace, source=source, files=files, blobs=blobs,
                                      embedded=list(embedded), archive=archive, created=created, pure=False)
            self._waiting[job] = set(blobs)
            self._needed.update(blobs.keys())
        future = Future()
        job.add_done_callback(lambda job: self._deliver(job, future, source))
        return future

    def assemble(self, parts: list[tuple[str, Future]], properties, *, source: Path) -> Future:
        """Bind the PDFs of ``parts`` into one on the cluster, once all of them are here (see PdfWorkers)."""
        def bind(ready):
            future = Future()
            with self._lock:
                job = self._client.submit(timed, assemble_pdf, ready, properties, pure=False)
                self._waiting[job] = set()
            job.add_done_callback(lambda job: self._deliver(job, future, source))
            return future

        return when_ready(parts, bind)

    def _digest(self, path: Path) -> str:
        import hashlib

        if path not in self._digests:
            digest = self._digests[path] = hashlib.sha256(path.read_bytes()).hexdigest()
            self._paths.setdefault(digest, path)
        return self._digests[path]

    def _send(self, digest: str):
        """The cluster's future of the bytes of the file ``digest`` names, sent if it does not hold them."""
        if digest not in self._sent:
            key = f'publisher-file-{digest}'
            self._sent[digest] = self._client.scatter({key: self._paths[digest].read_bytes()}, hash=False)[key]
        return self._sent[digest]

    def _done(self, job):
        """Forget ``job``, and the files no job still to be done needs."""
        with self._lock:
            for digest in self._waiting.pop(job, ()):
                self._needed[digest] -= 1
                if not self._needed[digest]:
                    del self._needed[digest], self._sent[digest]

    def _deliver(self, job, future: Future, source: Path):
        """Pass a finished job's PDF, or its error, to ``future`` (in one of distributed's threads)."""
        self._done(job)
        if job.cancelled():
            if self._leaving:
                future.cancel()
            else:
                future.set_exception(ClusterError(f'--scheduler: {self.address}: lost the scheduler; '
                                                  'nothing was written'))
            return
        try:
            pdf, seconds = job.result()
        except InputError as error:
            future.set_exception(error)
        except Exception as error:  # a worker died, or could not run publisher
            future.set_exception(ClusterError(f'--scheduler: {self.address}: cannot render the PDF of '
                                              f'{shown(source)}: {type(error).__name__}: {error}; '
                                              'nothing was written'))
        else:
            future.seconds = seconds
            future.set_result(pdf)

    def __enter__(self):
        return self

    def __exit__(self, kind, *exception):
        self._leaving = True
        try:
            if kind is not None:  # an error, or Ctrl-C: the PDFs not yet rendered are not needed
                self._client.cancel(list(self._waiting))
        finally:
            self._client.close(timeout=TIMEOUT)  # the files sent are forgotten with the client


#: A Dask scheduler's greeting is a few hundred bytes: its length, far beyond that, is another protocol's bytes.
GREETING_LIMIT = 1 << 16


def _connect(address: str):
    """A client of the scheduler at ``address``, which has a worker; else ClusterError, within seconds.

    distributed says only that it timed out, and waits for ever on a server that accepts the
    connection and says nothing; one that speaks another protocol makes it allocate what the first
    bytes say (OverflowError, MemoryError).  A plain connection first says why: refused, no such
    host, silent, or not Dask.
    """
    _greeting_length(address)
    from distributed import Client

    client = _within(2 * TIMEOUT, lambda: Client(address, timeout=TIMEOUT, set_as_default=False), address)
    try:
        client.wait_for_workers(1, timeout=TIMEOUT)
    except TimeoutError:
        client.close()
        raise ClusterError(f'--scheduler: {address} has no worker; start one with: dask worker {address}') from None
    return client


def _within(seconds: float, call, address: str):
    """``call()``'s result, if it comes within ``seconds``; else, or if it fails, ClusterError.  (A
    handshake begun well and never finished would keep distributed waiting for ever.)"""
    outcome = {}

    def run():
        try:
            outcome['result'] = call()
        except Exception as error:  # whatever the other end made of the handshake
            outcome['error'] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if 'result' in outcome:
        return outcome['result']
    if 'error' in outcome:
        raise ClusterError(f'--scheduler: cannot reach {address}: {outcome["error"]}')
    raise ClusterError(f'--scheduler: {address} did not finish greeting within {seconds:g} s: '
                       'it is not a Dask scheduler, or it is stuck')


def _greeting_length(address: str) -> int:
    """The length a Dask scheduler at ``address`` gives its greeting (its handshake, which it sends
    first: 8 bytes, little-endian, then the message), read within TIMEOUT; else ClusterError."""
    import socket
    import struct

    parts = urlsplit(address)
    try:
        connection = socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT)
    except OSError as error:
        raise ClusterError(f'--scheduler: cannot reach {address}: {error.strerror or error}') from None
    received = b''
    with connection:
        while len(received) < 8:
            try:
                chunk = connection.recv(8 - len(received))
            except TimeoutError:
                raise ClusterError(f'--scheduler: {address} said nothing within {TIMEOUT} s: it is not a Dask '
                                   'scheduler, or it is stuck') from None
            except OSError as error:
                raise ClusterError(f'--scheduler: {address}: {error.strerror or error}') from None
            if not chunk:
                raise ClusterError(f'--scheduler: {address} closed the connection without a word: '
                                   'it is not a Dask scheduler')
            received += chunk
    (length,) = struct.unpack('<Q', received)
    if not 0 < length <= GREETING_LIMIT:
        raise ClusterError(f'--scheduler: {address} does not speak the Dask protocol')
    return length


#: One PDF at a time in a worker process, whatever its threads: WeasyPrint is not made to be run in
#: several threads, and Python would run them one at a time anyway.  Start a worker per core instead.
_rendering = threading.Lock()


def render_job(html: str, workspace: Workspace, *, source: Path, files: dict, blobs: dict, embedded, archive: bool,
               created) -> tuple[bytes, float]:
    """On a worker: the PDF of ``html`` and the seconds it took, from the ``files`` it reads.

    ``files`` gives each file's SHA-256 and name by the path the job's
    machine has it at, and ``blobs`` their bytes by SHA-256.  They are copied
    into a temporary folder, each under its own name (WeasyPrint takes an
    attachment's type from it), and the folder is removed whatever happens.
    """
    import shutil
    import tempfile
    import time

    with _rendering:
        start = time.perf_counter()
        folder = Path(tempfile.mkdtemp(prefix='publisher-job-')).resolve()
        try:
            copies = {}
            for path, (digest, name) in files.items():
                copies[path] = folder / digest / name
                copies[path].parent.mkdir(exist_ok=True)
                copies[path].write_bytes(blobs[digest])
            fonts, images = _kept_warm(files, {str(file.path) for file in embedded})
            embedded = [replace(file, path=copies[str(file.path)]) for file in embedded]
            pdf = render_pdf(html, workspace, source=source, embedded=embedded, archive=archive, created=created,
                             copies=Copies(folder, copies, fonts, images))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return pdf, time.perf_counter() - start


#: Suffixes of the files fontconfig reads, kept apart from the photos.
FONT_SUFFIXES = ('.ttf', '.otf')
#: A worker's font configuration and photo caches, each for the files (paths and contents) they were made from.
_warm = {'fonts': (None, None), 'images': {}}


def _kept_warm(files: dict, embedded: set[str]) -> tuple[object, dict | None]:
    """The worker's font configuration and photo cache for the ``files`` a page links, kept from one job
    to the next, as PdfWorkers keeps them (a PDF in a third of the time); (None, None) outside a worker.

    Each is for files of the same paths and contents only: a worker serves
    one run after another, and a file may change between them.  The fonts'
    copies for fontconfig live in the worker's own folder, which distributed
    removes when the worker stops.
    """
    import tempfile

    from distributed import get_worker

    from .libraries import import_weasyprint

    weasyprint = import_weasyprint()

    try:
        local = Path(get_worker().local_directory)
    except ValueError:  # not on a worker
        return None, None
    named = files.keys() - embedded
    fonts = frozenset((path, files[path]) for path in named if Path(path).suffix.lower() in FONT_SUFFIXES)
    photos = frozenset((path, files[path]) for path in named) - fonts
    if _warm['fonts'][0] != fonts:  # the configuration replaced removes its folder as it goes
        _warm['fonts'] = (fonts, fonts_in(weasyprint, Path(tempfile.mkdtemp(prefix='publisher-fonts-', dir=local))))
    if photos not in _warm['images']:
        reuse_image_streams()
        if len(_warm['images']) >= 4:  # the photos of a release come one edition after another
            _warm['images'].clear()
        _warm['images'][photos] = {}
    images = _warm['images'][photos]
    if len(images) > IMAGES_KEPT:
        images.clear()
    return _warm['fonts'][1], images
