"""Print-ready PDF from the print HTML of a release, with WeasyPrint.

PDFs are rendered in worker processes, started as soon as a render starts
and forked from one process that imports WeasyPrint while the main process
is still reading the records and writing their HTML (see workers.py); they
render several PDFs at once on a machine with several cores.  The main process never imports WeasyPrint, so checking a
record or rendering HTML never pays for it.

WeasyPrint may read the files its print HTML links (the photos and fonts the
HTML stage noted as it linked them, see html.py's Media) and the files the
PDF carries, inside the workspace and the package, nothing else: no network,
no other file, never a file merely named in the text.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..problems import InputError, Problem
from .assemble import assemble_pdf
from .images import SHARED, reuse_image_streams, share_encoded_images
from .libraries import import_weasyprint
from .workers import (RUN_PREFIX, StartedWorkers, let_go_of_fork_server, server_folder, socket_parent,
                      stop_fork_server, worker_context)
from ..workspace import PACKAGE, Workspace

#: For a press: the bleed around the trimmed page, and beyond it the slug
#: where the crop marks are drawn, so that they stay clear of the bleed.
PRESS_BLEED_MM = 3
PRESS_SLUG_MM = 9


@dataclass(frozen=True)
class Embedded:
    """A file the PDF carries, under ``name``: an attachment of the release, or a source it was made from."""

    path: Path
    name: str
    relationship: str  # PDF/A-3's AFRelationship: Supplement, Source
    description: str


@dataclass(frozen=True)
class Copies:
    """A job's own copies of the files its PDF reads, in a folder of its own (see cluster.py).

    ``files`` maps each path the print HTML names (and each embedded file's)
    to its copy: the HTML is rendered unchanged, so the PDF is the same bytes
    as one rendered where the files are, and WeasyPrint reads the copies and
    nothing else, each whole when it is fetched: a photo it keeps in the
    worker's ``images`` (its cache) needs no file once the folder is gone.
    ``fonts`` is the worker's font configuration for these fonts; without
    one, the job's copies of the fonts for fontconfig go into its folder too.
    """

    folder: Path
    files: dict[str, Path]
    fonts: object = None
    images: dict | None = None


def render_pdf(html: str, workspace: Workspace, *, source: Path, files=(), embedded: list[Embedded] = (),
               archive=False, created=None, copies: Copies | None = None) -> bytes:
    """The PDF of ``html``, which may read the ``files`` it links; ``source`` names the record in error messages.

    The PDF is tagged PDF/UA-1, or PDF/A-3b for the ``archive``.  It
    carries the ``embedded`` files, dated ``created`` so that the same
    record always gives the same bytes.  With ``copies``, it is made from
    them instead of the workspace's files.
    """
    from .hyphenation import keep_parsed_dictionaries
    from .tagging import use_languages_and_artifacts
    from .textlayer import spell_clusters

    weasyprint = import_weasyprint()
    use_languages_and_artifacts()
    spell_clusters()
    keep_parsed_dictionaries()
    _forget_what_changed([*files, *(file.path for file in embedded)])
    if copies is None:
        readable = [*files, *(file.path for file in embedded)]
        fetcher, fonts = _workspace_fetcher(weasyprint, (workspace.root, PACKAGE), readable), _warm_fonts(weasyprint)
    else:
        fetcher = _workspace_fetcher(weasyprint, (copies.folder,), copies=copies.files)
        fonts = copies.fonts or fonts_in(weasyprint, copies.folder / 'fonts')
    base_url = workspace.root.as_uri() + '/'
    html, stylesheets, counter_styles = _warm_stylesheet(weasyprint, html, base_url, fetcher, fonts)
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    # Tagged either way: a structure tree and the languages, for screen readers.
    options = {'pdf_variant': 'pdf/a-3b', 'pdf_tags': True} if archive else {'pdf_variant': 'pdf/ua-1'}
    options['attachments'] = [
        weasyprint.Attachment(filename=str(file.path), url_fetcher=fetcher, name=file.name,
                              relationship=file.relationship, description=file.description,
                              created=created, modified=created)
        for file in embedded]
    try:
        images = _warm_images() if copies is None else copies.images
        return document.write_pdf(finisher=_finish, font_config=fonts, cache=images, stylesheets=stylesheets,
                                  counter_style=counter_styles, **options)
    except weasyprint.urls.FatalURLFetchingError as error:
        raise InputError([Problem(source, None, '', f'cannot render the PDF: {error.__cause__ or error}')]) from None


#: In a worker, the fonts WeasyPrint registered with fontconfig, kept from one PDF to the next.
_worker_fonts = []


def _warm_fonts(weasyprint):
    """A worker's one font configuration, reused by every PDF it renders; None elsewhere (a new one each time).

    Outside a worker, a configuration kept for the life of the process would
    keep its copies of the fonts in the temporary folder as long.
    """
    if _worker_fonts == [None]:
        _worker_fonts[0] = weasyprint.text.fonts.FontConfiguration()
    return _worker_fonts[0] if _worker_fonts else None


#: In a worker, the print stylesheets WeasyPrint parsed, by workspace and text, kept from one PDF to the next.
_worker_stylesheets = []
#: Stylesheets differ by paper, press marks and the scripts' fonts: a run uses a few.
STYLESHEETS_KEPT = 16
_STYLE = re.compile(r'<style>(.*?)</style>', re.S)


def _warm_stylesheet(weasyprint, html: str, base_url: str, fetcher, font_config) -> tuple[str, list, dict | None]:
    """In a worker, ``html`` without its stylesheet, that stylesheet parsed once for every PDF that
    has it (its fonts registered once with the worker's fonts), and the counter styles it defines;
    elsewhere ``html`` as it is.

    WeasyPrint applies a stylesheet given apart as the user's, not the author's: the print HTML has
    no other author style, so every rule applies as before, and the PDF is the same to the byte.
    """
    found = _STYLE.search(html)
    if not _worker_stylesheets or found is None:
        return html, [], None
    kept, key = _worker_stylesheets[0], (base_url, found[1])
    if key not in kept:
        if len(kept) >= STYLESHEETS_KEPT:
            kept.clear()
        counter_styles = weasyprint.css.counters.CounterStyle()
        kept[key] = weasyprint.CSS(string=found[1], base_url=base_url, url_fetcher=fetcher, font_config=font_config,
                                   counter_style=counter_styles), counter_styles
    stylesheet, counter_styles = kept[key]
    return html[:found.start()] + html[found.end():], [stylesheet], counter_styles


def fonts_in(weasyprint, folder: Path):
    """A font configuration that puts its copies of the fonts in ``folder``, not in a temporary
    folder of its own (``_folder``: WeasyPrint 70, pinned); it removes the folder when it goes."""
    config = weasyprint.text.fonts.FontConfiguration()
    folder.mkdir(exist_ok=True)
    config._folder = folder
    return config


#: In a worker, the photos WeasyPrint decoded and encoded, by URL, kept from one PDF to the next.
_worker_images = []
#: Enough for the photos of one release, whose editions come one after another; then it starts afresh.
IMAGES_KEPT = 64


def _warm_images():
    """A worker's image cache, reused by the PDFs it renders (None elsewhere: one per PDF).

    WeasyPrint re-encodes each photo for the PDF every time (about 0.2 s a PDF);
    with the cache and ``reuse_image_streams`` (see images.py), the editions of
    a release encode each photo once, and the run's workers share what they
    encoded.
    """
    if not _worker_images:
        return None
    if len(_worker_images[0]) > IMAGES_KEPT:
        _worker_images[0].clear()
    return _worker_images[0]


class ImagesOfUnchangedFiles(dict):
    """WeasyPrint's image cache (photos by URL) that forgets a photo whose file changed since it was read.

    The preview's workers live from one save to the next: a photo replaced
    under the same name must reach the next PDF.  A file's state is its inode,
    size and modification time, taken before WeasyPrint reads it.
    """

    def __init__(self):
        super().__init__()
        self._states = {}

    def __contains__(self, url) -> bool:
        state = _file_state(url)
        if super().__contains__(url) and self._states.get(url) == state:
            return True
        self.pop(url, None)
        self._states[url] = state
        return False

    def clear(self):
        super().clear()
        self._states.clear()


def _file_state(url: str):
    """The state of the file a ``file:`` URL names (None for another URL, or a file that is not there)."""
    from urllib.parse import urlsplit
    from urllib.request import url2pathname

    if not url.startswith('file:'):
        return None
    return _path_state(url2pathname(urlsplit(url).path))


def _path_state(path) -> tuple | None:
    """The inode, size and modification time of the file at ``path``; None if it is not there."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns


#: In a worker, the state of each file it read, as it was when it kept what it read from it.
_worker_files = {}


def _forget_what_changed(paths):
    """In a worker: forget the fonts and stylesheets it kept if a file among ``paths`` changed since it last
    read it (its photos forget themselves: ImagesOfUnchangedFiles).  A run's files do not change during
    it, but the warm workers (see warm.py) serve one run after another."""
    if not _worker_images:
        return
    states = {str(path): _path_state(path) for path in paths}
    if any(_worker_files.get(path, state) != state for path, state in states.items()):
        _worker_fonts[0] = None
        _worker_stylesheets[0].clear()
    _worker_files.update(states)


def sweep_abandoned_runs(temporary: Path):
    """Remove this user's run folders whose process is gone: folders a run killed outright left behind."""
    import shutil

    for folder in temporary.glob(f'{RUN_PREFIX}*-*'):
        pid = folder.name[len(RUN_PREFIX):].split('-')[0]
        try:
            if pid.isdigit() and folder.stat().st_uid == os.getuid() and not _alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:  # gone meanwhile, or not ours to look at
            continue


def _alive(pid: int) -> bool:
    """Whether the process ``pid`` runs: one that ended and that nobody reaped yet (a zombie) does not."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    try:
        return Path(f'/proc/{pid}/stat').read_text().rpartition(')')[2].split()[0] not in ('Z', 'X')
    except (OSError, IndexError):  # no /proc: not Linux
        return True


class PdfWorkers:
    """Worker processes that render PDFs, one per core; use as a context manager.

    Creating it starts the workers at once, so that WeasyPrint's import (about
    half a second, made once in the fork server: see workers.py) overlaps the
    work done before the first PDF.  ``expected``
    is how many PDFs are coming: no more workers than that, nor than cores.
    With a ``niceness``, the workers run at that lower priority (see os.nice):
    the preview's, so that the page a user waits for comes first.
    Each worker stays warm: it keeps WeasyPrint's fonts from one PDF to the next.

    Nothing outlives the run: the workers put their temporary files (the
    fonts WeasyPrint copies for fontconfig) in one folder of the run, removed
    when the run ends; they die with the fork server, which ends with the
    run's process, even when it is killed (``PR_SET_PDEATHSIG``), and ignore Ctrl-C, which stops
    the run: leaving the block with an exception kills them at once.  A run
    killed with all its workers at once (``kill -9`` of its process group)
    cannot remove its folder: the next run does (sweep_abandoned_runs).
    """

    def __init__(self, expected: int, *, niceness: int = 0):
        import tempfile
        from concurrent.futures import ProcessPoolExecutor

        workers = max(1, min(expected, os.cpu_count() or 1))
        for temporary in {tempfile.gettempdir(), socket_parent()}:
            sweep_abandoned_runs(Path(temporary))
        self.folder = Path(tempfile.mkdtemp(prefix=f'{RUN_PREFIX}{os.getpid()}-'))
        # Forked from one process that imported WeasyPrint (see workers.py), each started now.
        self._pool = ProcessPoolExecutor(workers, mp_context=worker_context(),
                                         initializer=_start_worker,
                                         initargs=(os.getpid(), str(self.folder), server_folder(), niceness))
        self._workers = StartedWorkers(self._pool)

    def submit(self, html: str, workspace: Workspace, *, source: Path, files=(), embedded=(), archive=False,
               created=None) -> Future:
        """Start rendering ``html`` (see render_pdf); the future's result is the PDF's bytes,
        and its ``seconds`` how long the worker took."""
        future = Future()
        self._forward(self._submit(timed, render_pdf, html, workspace, source=source, files=files,
                                   embedded=embedded, archive=archive, created=created), future)
        return future

    def _submit(self, *job, **options) -> Future:
        """The pool's future of ``job``.  Until every worker has started, the pool starts them for each job,
        and the fork server may be gone (killed): that breaks the run as a worker's death does."""
        try:
            return self._pool.submit(*job, **options)
        except (OSError, EOFError) as error:
            raise BrokenProcessPool(f'the PDF workers could not start: {error or type(error).__name__}') from None

    def assemble(self, parts: list[tuple[str, Future]], properties, *, source: Path) -> Future:
        """Bind the PDFs of ``parts`` (a language, the future of its PDF) into one, in a worker, once all of
        them are there (see assemble.py); the future's result is the bound PDF's bytes.  (``source``, the
        record, names it in a cluster's errors; a worker's errors name it themselves.)"""
        return when_ready(parts, lambda ready: self._bind(ready, properties))

    def _bind(self, parts: list[tuple[str, bytes]], properties) -> Future:
        future = Future()
        try:
            bound = self._submit(timed, assemble_pdf, parts, properties)
        except RuntimeError as error:  # the run is stopping, or its workers stopped
            future.set_exception(error)
        else:
            self._forward(bound, future)
        return future

    @staticmethod
    def _forward(job: Future, future: Future):
        """Give ``future`` the bytes of ``job``'s result (see timed), and its time as ``seconds``."""
        def finished(job):
            if future.done():  # cancelled: nobody waits for it
                return
            if job.cancelled():
                future.cancel()
            elif job.exception() is not None:
                future.set_exception(job.exception())
            else:
                future.seconds = job.result()[1]
                future.set_result(job.result()[0])

        job.add_done_callback(finished)
        future.add_done_callback(lambda future: future.cancelled() and job.cancel())

    def __enter__(self):
        return self

    def __exit__(self, kind, *exception):
        import shutil

        try:
            # An error, or Ctrl-C: stop at once, without finishing the PDFs under way.
            self._workers.stop(kill=kind is not None)
            self._pool.shutdown(cancel_futures=True)
            if kind is not None and issubclass(kind, KeyboardInterrupt):
                stop_fork_server()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def when_ready(parts: list[tuple[str, Future]], start) -> Future:
    """The future of ``start``'s future, called with the bytes of ``parts`` (a language, the future of its
    PDF) once all of them are there; a part that failed or was cancelled fails or cancels it."""
    from threading import Lock

    future, lock, waiting = Future(), Lock(), [len(parts)]

    def started(result: Future):
        if future.done():  # cancelled: nobody waits for it
            return
        if result.cancelled():
            future.cancel()
        elif result.exception() is not None:
            future.set_exception(result.exception())
        else:
            future.seconds = getattr(result, 'seconds', None)
            future.set_result(result.result())

    def part_done(_):
        with lock:
            waiting[0] -= 1
            if waiting[0]:
                return
        failed = next((part for _, part in parts if part.cancelled() or part.exception()), None)
        if failed is None:
            start([(language, part.result()) for language, part in parts]).add_done_callback(started)
        elif failed.cancelled():
            future.cancel()
        else:
            future.set_exception(failed.exception())

    for _, part in parts:
        part.add_done_callback(part_done)
    return future


def timed(function, *arguments, **options):
    """``function``'s result, and the seconds it took."""
    import time

    start = time.perf_counter()
    result = function(*arguments, **options)
    return result, time.perf_counter() - start


def _start_worker(parent: int, folder: str, server: str, niceness: int = 0):
    """Prepare a worker: its temporary files in a folder of its own inside the run's, its death tied
    to the fork server's, which ends with the run's process ``parent``; ``server`` is the server's
    folder, removed with the run's when the run's process was killed; its priority lowered by ``niceness``."""
    import shutil
    import signal
    import tempfile

    from multiprocessing.util import Finalize

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops the workers
    own = os.path.join(folder, f'worker-{os.getpid()}')

    def clean_up():
        """Remove the worker's own folder, and the run's if it is the last: the parent may be gone."""
        shutil.rmtree(own, ignore_errors=True)
        try:
            os.rmdir(folder)
        except OSError:
            pass

    def stop(number, frame):
        shutil.rmtree(os.path.join(folder, SHARED), ignore_errors=True)  # the run is over: nobody reads them
        if not _alive(parent):
            shutil.rmtree(server, ignore_errors=True)
        clean_up()
        os._exit(1)

    # A worker ends on SIGTERM (its parent died), or on finding its task queue closed (the parent's
    # files close before the signal comes): either way it cleans up first.
    signal.signal(signal.SIGTERM, stop)
    Finalize(None, clean_up, exitpriority=100)
    let_go_of_fork_server()
    _die_with_parent(signal.SIGTERM)
    if not _alive(parent):  # the run died before the line above (the fork server then ends too)
        stop(None, None)
    os.nice(niceness)
    os.mkdir(own)
    tempfile.tempdir = own
    _worker_fonts.append(None)
    _worker_images.append(ImagesOfUnchangedFiles())
    _worker_stylesheets.append({})
    share_encoded_images(Path(folder) / SHARED)
    import_weasyprint()  # warm: imported before the first PDF arrives
    reuse_image_streams()


def _die_with_parent(signal_number: int):
    """Ask Linux to send ``signal_number`` to this process when its parent dies."""
    import ctypes

    PR_SET_PDEATHSIG = 1
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal_number, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: workers still end when their task queue closes
        pass


def _finish(document, pdf):
    from .tagging import mark_artifacts
    from .textlayer import write_aliases

    mark_artifacts(document, pdf)
    write_aliases(document, pdf)
    _set_bleed_boxes(pdf)
    _plain_bookmarks(pdf)


def _plain_bookmarks(pdf):
    """Take the word joiners that keep Korean words whole (see korean.py) out of the bookmarks' titles,
    which WeasyPrint copies from the headings' text."""
    import pydyf

    from .korean import WORD_JOINER

    for item in pdf.objects:
        if isinstance(item, pydyf.Dictionary) and 'Title' in item and 'Dest' in item:
            item['Title'] = pydyf.String(item['Title'].string.replace(WORD_JOINER, ''))


def _set_bleed_boxes(pdf):
    """Put each press page's BleedBox at the bleed, inside the crop marks.

    WeasyPrint draws crop marks in its CSS bleed area and puts the BleedBox
    at most 10 points from the TrimBox, whatever the bleed; the print shop
    reads the bleed from the BleedBox.
    """
    import pydyf

    bleed = PRESS_BLEED_MM / 25.4 * 72
    for reference in pdf.page_references:
        page = pdf.objects[int(reference.split()[0])]
        left, top, right, bottom = page['TrimBox']
        if list(page['TrimBox']) != list(page['MediaBox']):
            page['BleedBox'] = pydyf.Array([left - bleed, top - bleed, right + bleed, bottom + bleed])


def _workspace_fetcher(weasyprint, roots, readable=(), copies: dict[str, Path] | None = None):
    """A fetcher of the ``readable`` files inside ``roots`` (with ``copies``, of those copies) and of nothing else."""
    copies = copies or {}
    allowed = {Path(path).resolve() for path in readable}

    class WorkspaceFetcher(weasyprint.urls.URLFetcher):
        """Fetches the files a PDF may read, each a regular file inside ``roots``; refuses everything else."""

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme != 'file':
                raise ValueError(f'{url} is not a file of the workspace; nothing is fetched from the network')
            named = unquote(parts.path)
            path = Path(copies.get(named, named)).resolve()
            if not any(path.is_relative_to(root) for root in roots):
                raise ValueError(f'{path} is outside the workspace')
            if named not in copies and path not in allowed:
                raise ValueError(f'{named} is not a file this page links')
            if not path.is_file():  # a FIFO or a device would hang or flood the render
                raise ValueError(f'{path} is not a regular file')
            response = super().fetch(path.as_uri(), headers)
            if named not in copies:
                return response
            try:  # read whole, and named by no file: WeasyPrint would read a photo's file again later
                return weasyprint.urls.URLFetcherResponse(f'copy:{path.name}', response.read(), response.headers)
            finally:
                response.close()

    return WorkspaceFetcher(fail_on_errors=True, allowed_protocols=('file',))
