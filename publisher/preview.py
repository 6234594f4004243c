"""A live preview of a workspace (``publisher serve``).

The releases are rendered into a temporary folder and served on localhost.
The workspace is watched (records, photos, catalogs, glossary, and the
package's templates); when a file changes, only the releases it concerns are
rendered again, the HTML first and the PDFs after, by PDF workers that stay
up the whole time, so WeasyPrint is loaded once.  Each page served carries a
small script that listens for renders and reloads the page.

A preview renders drafts: strings not yet reviewed show in the source
language and the outputs say so, as ``render --draft`` does.  A record that
stops being valid keeps its last outputs; its problems are printed.

The preview shows unpublished text, so it answers its loopback names only
(a page elsewhere pointing a name of its own at 127.0.0.1, DNS rebinding,
gets nothing), lets only its own pages listen for renders, serves the
outputs and nothing else of the folder (no manifest: it holds the
workspace's paths), and closes a connection left idle.
"""

from __future__ import annotations

import shutil
import signal
import sys
import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .problems import InputError, Problem
from .style import STYLE
from .workspace import GLOSSARY, TEMPLATE_DOMAIN, TEMPLATES, Workspace, record_files

#: How much lower the priority of the preview's PDF workers is: the page comes first.
PDF_NICENESS = 10

#: Where the served pages listen for renders.
EVENTS = '/__publisher/events'
#: The names the preview answers to, each with its port: it listens on loopback only.
LOOPBACK_NAMES = ('127.0.0.1', 'localhost', '[::1]')
#: Seconds a connection may stay silent (a request not sent, a response not read) before it is closed,
#: unless ``serve --idle-timeout`` says otherwise.
IDLE_SECONDS = 20

#: The script each served page gets: reload when a render newer than the page's own is announced.
RELOAD = ('<script>new EventSource("' + EVENTS + '").onmessage = '
          'event => {{ if (event.data !== "{version}") location.reload(); }};</script>')


@dataclass
class Renders:
    """How many renders the preview has finished; the served pages wait for the next one."""

    version: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)

    def finished(self):
        with self.changed:
            self.version += 1
            self.changed.notify_all()

    def after(self, version: int, timeout: float) -> int:
        """The version after ``version``, or ``version`` still after ``timeout`` seconds."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != version, timeout)
            return self.version


class Preview:
    """The releases of ``records`` rendered into ``out``, and rendered again when their files change."""

    def __init__(self, records, out: Path, formats, pdfs, report, tell, renders: Renders | None = None):
        self.records, self.out, self.formats, self.pdfs = list(records), Path(out), formats, pdfs
        self.report, self.tell = report, tell
        self.renders = renders or Renders()
        self.releases: dict[Path, object] = {}

    def files(self) -> list[Path]:
        return [path.resolve() for path in record_files(self.records)]

    def render(self, files: list[Path]):
        """Render the records ``files``: their HTML (announced at once), then their PDFs.

        The records' states are taken before they are read: a record saved again while its PDFs are
        being made is seen as changed by the next render, which makes them again from it.
        """
        from . import build, manifest
        from .record import load_record

        sources = {str(path.resolve()): manifest.file_state(path) for path in files}
        releases = []
        for path in files:
            try:
                releases.append(load_record(path))
            except InputError as error:
                self.report(error.problems)
        self.releases.update({release.source.resolve(): release for release in releases})
        html = tuple(kind for kind in self.formats if kind != 'pdf')
        for formats in filter(None, (html, ('pdf',) if 'pdf' in self.formats else ())):
            start, written = time.perf_counter(), []
            for release in releases:
                written += self._render_release(release, formats, build.Inputs(records=sources))
            self._write_gallery()
            self.renders.finished()
            if releases:
                done = (f'rendered in {time.perf_counter() - start:.1f} s'
                        if any(item.status == 'written' for item in written) else 'unchanged')
                self.tell(f'{", ".join(release.id for release in releases)}: {", ".join(formats)} {done}')

    def _render_release(self, release, formats, inputs) -> list:
        """Render ``release`` in ``formats``: what was written (build.Written), or nothing if it could
        not be (its problems, or the file it could not write, are reported and its last preview kept)."""
        from . import build

        try:
            outputs = build.build([release], (), formats, self.out, pdfs=self.pdfs, draft=True, inputs=inputs)
            written = build.write_outputs(outputs)
            _remove_others(self.out / release.id, written, formats)
        except InputError as error:
            self.report(error.problems)
            return []
        except OSError as error:
            self.report([Problem(Path(error.filename or self.out), None, '',
                                 f'cannot write the preview: {error.strerror}; its last render is kept')])
            return []
        return written

    def concerned(self, changed: set[Path]) -> list[Path]:
        """The record files to render again after ``changed``: a record, or the record of the release a
        photo, attachment or catalog belongs to; everything when what changed is shared (templates, the
        template catalogs, the house style, the glossary); nothing for a file no release reads (a log
        written into the workspace, notes beside a record)."""
        files = self.files()
        chosen = set()
        for path in changed:
            if _shared(path):
                _forget_shared_files()
                return files
            chosen.add(self._release_of(path, files))
        return [path for path in files if path in chosen]

    def _release_of(self, path: Path, files: list[Path]) -> Path | None:
        if path in files:
            return path
        for source, release in self.releases.items():
            read = {item.file.resolve() for item in (*release.photos, *release.attachments)}
            if path in read or _is_catalog_of(path, release.id):
                return source
        # A file beside a record that did not load (a photo it names, saved after it): that record.
        return next((source for source in files if path.is_relative_to(source.parent)
                     and source.parent != Workspace.of_record(source).root), None)

    def _write_gallery(self):
        from .atomic import write_atomic
        from .render.html import render_gallery
        from .render.webfonts import with_gallery_fonts

        try:
            # The preview is internal: a release its embargo holds back is the one being prepared.
            gallery = render_gallery(self.out, include_embargoed=True)
            write_atomic(self.out / 'index.html', with_gallery_fonts(gallery, self.out).encode())
        except OSError as error:
            self.report([Problem(Path(error.filename or self.out / 'index.html'), None, '',
                                 f'cannot write the preview\'s index: {error.strerror}')])


def _remove_others(folder: Path, written, formats):
    """Remove what an earlier render of a release left and this one did not write again (a draft
    that is now ready, a photo no longer shown); ``written`` are build.Written records."""
    from .manifest import NAME

    kept = {item.path for item in written} | {folder / NAME}
    for path in folder.rglob('*'):
        is_pdf = path.suffix == '.pdf' and path.parent == folder
        if path.is_file() and path not in kept and (is_pdf == ('pdf' in formats)):
            path.unlink()


def _draft_or_not(path: Path) -> Path:
    """The other name of an output: its draft's (``<id>.en.draft.html``) or its published one's.

    A release becomes a draft while a string is edited and not yet
    translated, and stops being one once it is: the page open in the
    browser keeps its address either way.
    """
    parts = path.name.split('.')  # <id>.<languages>[.draft].<kind>; an id holds no dot
    if len(parts) < 3:
        return path
    parts = parts[:2] + parts[3:] if parts[2] == 'draft' else parts[:2] + ['draft'] + parts[2:]
    return path.with_name('.'.join(parts))


def _forget_shared_files():
    """Files read once per process and kept: read them again, they may be what changed."""
    from .catalogs import template_translations
    from .catalogs.extract import templates_template
    from .render.html import image_size

    for cached in (template_translations, templates_template, image_size):
        cached.cache_clear()


def _shared(path: Path) -> bool:
    """A file every release's render reads, or a ``locales`` folder, which makes a workspace of the folder
    it appears in."""
    return (path.name in (GLOSSARY, STYLE, 'locales') or path.is_relative_to(TEMPLATES)
            or _is_catalog_of(path, TEMPLATE_DOMAIN))


def _is_catalog_of(path: Path, domain: str) -> bool:
    return path.suffix == '.po' and path.parent.name == 'LC_MESSAGES' and path.stem == domain


def watched(preview: Preview) -> list[Path]:
    """The folders whose changes the preview follows: the workspaces of its records, and the templates."""
    roots = {Workspace.of_record(path).root for path in preview.files()}
    return sorted(roots) + [TEMPLATES]


def ignored(path: Path) -> bool:
    """Files that never change a render: compiled catalogs, version control, editors' swap files."""
    return (path.suffix in ('.mo', '.swp', '.tmp') or path.name.startswith(('.#', '~')) or path.name.endswith('~')
            or any(part in ('.git', 'dist', '__pycache__') for part in path.parts))


def handler(out: Path, renders: Renders, idle_seconds: float = IDLE_SECONDS):
    """Serves ``out``, with the reload script in each page, and announces renders at EVENTS; a connection
    silent for ``idle_seconds`` is closed."""

    class Handler(SimpleHTTPRequestHandler):
        timeout = idle_seconds

        def __init__(self, *arguments, **options):
            super().__init__(*arguments, directory=str(out), **options)

        def parse_request(self):
            """Read the request, and refuse it unless it names the preview by one of its loopback names."""
            if not super().parse_request():
                return False
            if self.headers.get('Host', '').lower() not in served_names(self.server.server_address[1]):
                self.send_error(421, 'This preview answers only to its loopback names, such as localhost')
                return False
            return True

        def do_GET(self):
            if self.path == EVENTS:
                return self._events()
            if _hidden(self.path):
                return self.send_error(404)
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / 'index.html'
            if not path.exists() and (other := _draft_or_not(path)).is_file():
                self.path = '/' + other.relative_to(out).as_posix()
                path = other
            if path.suffix == '.html' and not path.name.endswith('.fragment.html') and path.is_file():
                return self._page(path)
            return super().do_GET()

        def do_HEAD(self):
            if _hidden(self.path):
                return self.send_error(404)
            return super().do_HEAD()

        def list_directory(self, path):
            """A folder's listing is no output (it names the manifests): not found."""
            self.send_error(404)

        def _page(self, path: Path):
            script = RELOAD.format(version=renders.version)
            page = path.read_text(encoding='utf-8').replace('</body>', script + '\n</body>', 1).encode()
            self.send_response(200)
            self.send_header('Content-Type', 'text/html; charset=utf-8')
            self.send_header('Content-Length', str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def _events(self):
            origin = self.headers.get('Origin')
            if origin is not None and origin.lower() not in {
                    f'http://{name}' for name in served_names(self.server.server_address[1])}:
                return self.send_error(403, 'Only the preview\'s own pages hear of its renders')
            self.send_response(200)
            self.send_header('Content-Type', 'text/event-stream')
            self.end_headers()
            version = renders.version
            try:
                self.wfile.write(f'data: {version}\n\n'.encode())
                self.wfile.flush()
                while True:
                    newer = renders.after(version, timeout=15)
                    message = f'data: {newer}\n\n' if newer != version else ': waiting\n\n'
                    self.wfile.write(message.encode())
                    self.wfile.flush()
                    version = newer
            except (BrokenPipeError, ConnectionResetError, TimeoutError):
                pass

        def end_headers(self):
            self.send_header('Cache-Control', 'no-store')  # a preview is never stale
            super().end_headers()

        def log_message(self, *arguments):
            pass  # the terminal shows renders and problems, not every request

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A reader who left before the answer ended (a closed tab, a cancelled download) is no error;
        anything else is one line, not a traceback."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            print(f'could not answer {client_address[0]}: {error}', file=sys.stderr)


def served_names(port: int) -> set[str]:
    """The ``Host`` headers the preview answers on ``port``: its loopback names, the port given
    unless it is HTTP's own."""
    names = {f'{name}:{port}' for name in LOOPBACK_NAMES}
    return names | (set(LOOPBACK_NAMES) if port == 80 else set())


def _hidden(url_path: str) -> bool:
    """Whether a request asks for a file publisher keeps for itself (the manifests, staged files):
    any part of its path that starts with a dot; or for no file at all: a NUL, which no file name holds."""
    from urllib.parse import unquote, urlsplit

    path = unquote(urlsplit(url_path).path)
    return '\x00' in path or any(part.startswith('.') for part in path.split('/'))


def serve(records, formats, host: str, port: int, *, report, tell, stop: threading.Event | None = None,
          idle_seconds: float = IDLE_SECONDS):
    """Render ``records`` into a temporary folder, serve it on ``host``:``port`` and follow changes until
    ``stop`` is set (or the process is interrupted); a connection silent for ``idle_seconds`` is closed."""
    import tempfile

    import watchfiles

    from .render.pdf import PdfWorkers

    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: stop.set())  # stopped by a service manager: clean up too
    renders = Renders()
    # Bound first: a port in use is said at once, not after the first render.
    out = Path(tempfile.mkdtemp(prefix='publisher-preview-'))
    try:
        server = _Server((host, port), handler(out, renders, idle_seconds))
    except OSError:
        shutil.rmtree(out, ignore_errors=True)
        raise
    tell(f'Rendering into {out}')
    try:
        # PDFs at a lower priority than the page a user is waiting for (see Preview.render).
        with PdfWorkers(2, niceness=PDF_NICENESS) if 'pdf' in formats else nullcontext() as pdfs:
            preview = Preview(records, out, formats, pdfs, report, tell, renders)
            preview.render(preview.files())
            threading.Thread(target=server.serve_forever, daemon=True).start()
            serving = f'Serving http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)'
            try:
                # The first (empty) answer comes once the workspace is watched: only then is a save
                # sure to be seen, and only then does the preview say it serves.
                for changes in watchfiles.watch(*watched(preview), stop_event=stop, debounce=100, step=20,
                                                watch_filter=lambda change, path: not ignored(Path(path)),
                                                raise_interrupt=False, yield_on_timeout=True, rust_timeout=500):
                    if serving:
                        tell(serving)
                        serving = None
                    if changes and (concerned := preview.concerned({Path(path).resolve() for _, path in changes})):
                        preview.render(concerned)
            finally:
                server.shutdown()
    finally:
        server.server_close()
        shutil.rmtree(out, ignore_errors=True)
