"""publisher serve: a workspace rendered, served on loopback, and rendered again as its files change."""

from __future__ import annotations

import http.client
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from conftest import KOREAN_FIRST, ROOT, SEED, pdftotext, words

#: One test process runs the whole module (the preview is rendered and served once); see conftest.py.
pytestmark = pytest.mark.xdist_group('test_preview')

WAIT = 60  # seconds, on a busy machine
#: Seconds the module's preview keeps a silent connection (``--idle-timeout``), well under the default.
IDLE = 2


class Server:
    """`publisher serve` in its own process, on a free port."""

    def __init__(self, workspace: Path, *arguments: str):
        self.workspace = workspace
        self.process = subprocess.Popen(
            [sys.executable, '-m', 'publisher', 'serve', *(arguments or ('samples', '-f', 'html')), '--port', '0'],
            cwd=workspace, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines, self.errors = queue.Queue(), []
        threading.Thread(target=lambda: [self.lines.put(line) for line in self.process.stdout], daemon=True).start()
        threading.Thread(target=lambda: [self.errors.append(line) for line in self.process.stderr], daemon=True).start()
        try:
            self.folder = Path(self.expect(r'Rendering into (\S+)')[1])
            self.url = self.expect(r'Serving (http://127\.0\.0\.1:\d+/)', WAIT * 3)[1]  # the first render
        except BaseException:  # stopped as a service manager would, so that it removes its folder
            self.process.terminate()
            try:
                self.process.wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                self.process.kill()
            raise

    def expect(self, pattern, wait=WAIT):
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=deadline - time.monotonic())
            except queue.Empty:
                break
            if match := re.search(pattern, line):
                return match
        raise AssertionError(f'no line like {pattern!r}; errors: {self.errors}')

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        assert self.process.wait(timeout=WAIT) == 0
        assert not self.folder.exists()

    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=WAIT) as response:
            return response.read().decode()

    def events(self):
        """The render versions the server announces, as a connected page hears them."""
        host, port = self.url.split('//')[1].rstrip('/').split(':')
        connection = http.client.HTTPConnection(host, int(port), timeout=WAIT)
        connection.request('GET', '/__publisher/events')
        response = connection.getresponse()
        assert response.getheader('Content-Type') == 'text/event-stream'

        def versions():
            for line in response:
                if line.startswith(b'data: '):
                    yield int(line[6:])
        return versions()


@pytest.fixture(scope='module')
def server(tmp_path_factory):
    workspace = tmp_path_factory.mktemp('preview')
    import shutil
    for name in ('samples', 'locales'):
        shutil.copytree(ROOT / name, workspace / name)
    shutil.copy(ROOT / 'glossary.yaml', workspace / 'glossary.yaml')
    server = Server(workspace, 'samples', '-f', 'html', '--idle-timeout', str(IDLE))
    yield server
    server.stop()


def retitle(server, release, old, new):
    record = server.workspace / 'samples' / release / 'release.yaml'
    record.write_text(record.read_text().replace(old, new, 1))


def page(release, language):
    return f'{release}/{release}.{language}.html'


def test_pages_are_served_with_the_reload_script(server):
    html = server.get(page(SEED, 'en'))
    assert '<title>MOIS to expand cooperation' in html and '<script>new EventSource("/__publisher/events")' in html
    assert 'EventSource' not in server.get(f'{SEED}/{SEED}.en.fragment.html')
    assert f'href="{page(KOREAN_FIRST, "ko")}"' in server.get('')


def test_a_saved_record_renders_its_release_again_and_only_it(server):
    other = sorted(path.stat().st_mtime_ns for path in (server.folder / KOREAN_FIRST).rglob('*'))
    events = server.events()
    before = next(events)
    retitle(server, SEED, 'title: "{mois.short} to expand', 'title: "{mois.short} will expand')
    assert next(events) > before
    assert '<title>MOIS will expand cooperation' in server.get(page(SEED, 'en'))
    server.expect(rf'^{SEED}: html rendered in')
    assert sorted(path.stat().st_mtime_ns for path in (server.folder / KOREAN_FIRST).rglob('*')) == other


def test_a_file_no_release_reads_renders_nothing(server):
    """A log written into the workspace (the preview's own, say) or notes beside the releases change no
    output: the next line the preview prints is for the record saved after them, and names it alone."""
    (server.workspace / 'serve.log').write_text('a log the preview is writing into\n')
    (server.workspace / 'samples' / 'notes.txt').write_text('to do\n')
    time.sleep(1)  # the preview's debounce is 0.1 s: these are seen and passed over first
    retitle(server, SEED, 'title: "{mois.short} ', 'title: "{mois.short}  ')
    assert re.search(rf'^{SEED}: html ', server.expect(r': html ').string)


def test_the_preview_lists_a_release_its_embargo_holds_back(server):
    """The preview is internal, and the release under embargo is the one being prepared: its index lists it,
    marked as a preview no search engine may index."""
    retitle(server, KOREAN_FIRST, 'embargo: 2019-11-26T12:00:00+09:00', 'embargo: 2099-01-01T12:00:00+09:00')
    try:
        server.expect(rf'^{KOREAN_FIRST}: html ')
        index = server.get('')
        assert f'href="{page(KOREAN_FIRST, "ko")}"' in index and '<meta name="robots" content="noindex">' in index
    finally:
        retitle(server, KOREAN_FIRST, 'embargo: 2099-01-01T12:00:00+09:00', 'embargo: 2019-11-26T12:00:00+09:00')
        server.expect(rf'^{KOREAN_FIRST}: html ')


def test_a_broken_record_is_reported_and_its_last_render_kept(server):
    retitle(server, KOREAN_FIRST, 'issuer: mois', 'issuer: moiss')
    deadline = time.monotonic() + WAIT
    while not any('issuer' in line for line in server.errors) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert any("release.yaml:" in line and "issuer: no organisation 'moiss'" in line for line in server.errors)
    assert '행정안전부' in server.get(page(KOREAN_FIRST, 'ko'))
    retitle(server, KOREAN_FIRST, 'issuer: moiss', 'issuer: mois')


def test_the_open_page_reloads_itself(server):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path='/usr/bin/chromium', args=['--no-sandbox', '--disable-gpu'])
        try:
            tab = browser.new_page()
            tab.goto(server.url + page(SEED, 'en'))
            tab.wait_for_function('document.readyState === "complete"')
            retitle(server, SEED, 'Thailand and Myanmar"', 'Thailand, Myanmar and Cambodia"')
            tab.wait_for_function('document.title.endsWith("Myanmar and Cambodia")', timeout=WAIT * 1000)
        finally:
            browser.close()


def _descendants(pid: int) -> list[int]:
    children = []
    for stat in Path('/proc').glob('[0-9]*/stat'):
        try:
            if int(stat.read_text().rsplit(')', 1)[1].split()[1]) == pid:
                children.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return children + [descendant for child in children for descendant in _descendants(child)]


def _niceness(pid: int) -> int:
    return int(Path(f'/proc/{pid}/stat').read_text().rsplit(')', 1)[1].split()[16])


def test_pdf_workers_yield_to_the_page_and_leave_with_the_preview(tmp_path):
    """The PDF workers run at a lower priority than the preview that renders the pages; once it is
    stopped, none of its processes is left."""
    import os
    import shutil

    for name in ('samples', 'locales'):
        shutil.copytree(ROOT / name, tmp_path / name)
    process = subprocess.Popen([sys.executable, '-m', 'publisher', 'serve', f'samples/{KOREAN_FIRST}', '-f', 'pdf',
                                '--port', '0'], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + WAIT
        while 'Serving' not in process.stdout.readline() and time.monotonic() < deadline:
            pass
        started = _descendants(process.pid)
        nice = {pid: _niceness(pid) for pid in started}
        assert _niceness(process.pid) == os.nice(0)
        assert [value for value in nice.values() if value == os.nice(0) + 10]  # the workers
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=WAIT) == 0
    deadline = time.monotonic() + WAIT
    while [pid for pid in started if Path(f'/proc/{pid}').exists()] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in started if Path(f'/proc/{pid}').exists()] == []


def raw(server, request: bytes) -> bytes:
    """What the server answers ``request``, sent as it is on a socket: the whole response."""
    import socket

    host, port = server.url.split('//')[1].rstrip('/').split(':')
    with socket.create_connection((host, int(port)), timeout=WAIT) as connection:
        connection.sendall(request)
        answer = b''
        while chunk := connection.recv(65536):
            answer += chunk
            if request.startswith(b'GET /__publisher/events') and b'\r\n\r\n' in answer:
                break  # the stream does not end: its head is enough
    return answer


def status(server, path: str, host: str | None, *headers: str, method: str = 'GET') -> int:
    lines = [f'{method} {path} HTTP/1.1', *([f'Host: {host}'] if host is not None else []), *headers, 'Connection: close']
    return int(raw(server, ('\r\n'.join(lines) + '\r\n\r\n').encode()).split()[1])


def port_of(server) -> str:
    return server.url.rstrip('/').rsplit(':', 1)[1]


@pytest.mark.parametrize('name', ['127.0.0.1', 'localhost', '[::1]', 'LOCALHOST'])
def test_the_preview_answers_its_loopback_names_with_its_port(server, name):
    assert status(server, '/', f'{name}:{port_of(server)}') == 200


@pytest.mark.parametrize('name', ['attacker.example:{port}', 'attacker.example', '127.0.0.1', 'localhost:1',
                                  '127.0.0.1.attacker.example:{port}', 'localhost:{port}.attacker.example', None])
def test_the_preview_refuses_any_other_host_as_dns_rebinding_would_send(server, name):
    """A page on another site whose name was pointed at 127.0.0.1 sends its own name: it reads nothing."""
    host = None if name is None else name.format(port=port_of(server))
    assert status(server, f'/{page(SEED, "en")}', host) == 421
    assert status(server, '/__publisher/events', host) == 421


def test_the_render_events_refuse_another_sites_origin(server):
    own = f'localhost:{port_of(server)}'
    assert status(server, '/__publisher/events', own, 'Origin: http://attacker.example') == 403
    assert status(server, '/__publisher/events', own, f'Origin: http://{own}') == 200


@pytest.mark.parametrize('path', [f'/{SEED}/.publisher-manifest.json', f'/{SEED}/%2Epublisher-manifest.json',
                                  f'/{SEED}/media/../.publisher-manifest.json'])
@pytest.mark.parametrize('method', ['GET', 'HEAD'])
def test_the_manifest_is_never_served(server, path, method):
    """It holds the workspace's absolute paths; the preview serves outputs only (nor says their size)."""
    assert (server.folder / SEED / '.publisher-manifest.json').is_file()
    assert status(server, path, f'localhost:{port_of(server)}', method=method) == 404


@pytest.mark.parametrize('path', [f'/{SEED}/', f'/{SEED}/media/', '/%00', f'/{page(SEED, "en")}%00'],
                         ids=['release folder', 'media folder', 'NUL', 'page name and NUL'])
@pytest.mark.parametrize('method', ['GET', 'HEAD'])
def test_a_folder_or_a_name_no_file_can_have_is_not_found(server, path, method):
    """A folder's listing is no output (it names the manifests); a NUL is in no file name: neither is
    served, and neither puts a traceback on the preview's terminal."""
    assert status(server, path, f'localhost:{port_of(server)}', method=method) == 404
    assert not any('Traceback' in line for line in server.errors), server.errors


@pytest.mark.parametrize('sent', [b'', b'GET / HTTP/1.1\r\nHost: localhost'])
def test_an_idle_connection_is_closed_after_the_idle_timeout(server, sent):
    """The module's preview keeps a silent connection IDLE seconds: it is closed in half the default
    timeout (recv would time out then), which the option replaced."""
    import socket

    from publisher.preview import IDLE_SECONDS

    host, port = server.url.split('//')[1].rstrip('/').split(':')
    with socket.create_connection((host, int(port)), timeout=IDLE_SECONDS / 2) as connection:
        connection.sendall(sent)
        while connection.recv(65536):
            pass


def test_a_reader_who_leaves_before_the_answer_is_no_error(server):
    """A tab closed while its page loads resets the connection: the preview says nothing of it."""
    import socket
    import struct

    host, port = server.url.split('//')[1].rstrip('/').split(':')
    for _ in range(3):
        with socket.create_connection((host, int(port)), timeout=WAIT) as connection:
            connection.sendall(f'GET /{page(SEED, "ko")} HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n'.encode())
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))  # closed with a reset
    assert status(server, '/', f'localhost:{port}') == 200  # served on, and after the resets were handled
    assert not any('Traceback' in line or 'Error' in line for line in server.errors)


def test_a_busy_port_is_said_before_anything_is_rendered(tmp_path):
    import socket
    import tempfile

    before = set(Path(tempfile.gettempdir()).glob('publisher-preview-*'))
    with socket.socket() as busy:
        busy.bind(('127.0.0.1', 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, '-m', 'publisher', 'serve', str(ROOT / 'samples'), '--port', str(port)],
                                capture_output=True, text=True, timeout=WAIT)
    assert result.returncode == 1 and result.stdout == ''
    assert result.stderr == f'Error: cannot serve on port {port}: Address already in use\n'
    assert set(Path(tempfile.gettempdir()).glob('publisher-preview-*')) == before


def in_korean_and_english(workspace):
    """``workspace`` with the seed release in Korean and English only: its Thai and Burmese editions would add
    two PDFs to each render, and no case to the tests of when PDFs are made."""
    record = workspace / 'samples' / SEED / 'release.yaml'
    text = record.read_text()
    assert 'languages: [ko, en, th, my]' in text
    record.write_text(text.replace('languages: [ko, en, th, my]', 'languages: [ko, en]', 1))
    return workspace


def test_a_save_during_the_pdfs_of_the_last_one_ends_in_pdfs_of_the_last_save(workspace):
    """The second save lands while the PDFs of the first are being made: they are made again from it."""
    server = Server(in_korean_and_english(workspace), f'samples/{SEED}', '-f', 'html', '-f', 'pdf', '-f', 'hwpx')
    try:
        retitle(server, SEED, 'title: "{mois.short} to expand', 'title: "{mois.short} will expand')
        server.expect(rf'^{SEED}: html, hwpx rendered in')  # its PDFs are being made now
        retitle(server, SEED, 'title: "{mois.short} will expand', 'title: "{mois.short} is to expand')
        server.expect(rf'^{SEED}: pdf rendered in')  # the first save's
        server.expect(rf'^{SEED}: html, hwpx rendered in')
        server.expect(rf'^{SEED}: pdf rendered in')
        for edition in ('en', 'ko-en'):
            text = pdftotext(server.folder / SEED / f'{SEED}.{edition}.draft.pdf')
            assert 'MOIS is to expand' in words(text), edition
    finally:
        server.stop()


def test_a_file_where_a_folder_should_be_is_reported_and_the_preview_goes_on(workspace):
    server = Server(workspace, f'samples/{SEED}', '-f', 'html')
    try:
        media = server.folder / SEED / 'media'
        shutil.rmtree(media)
        media.write_text('a file where the photos go')
        retitle(server, SEED, 'title: "{mois.short} to expand', 'title: "{mois.short} will expand')
        deadline = time.monotonic() + WAIT
        while not any('cannot write the preview' in line for line in server.errors) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert any(f'{SEED}/media' in line and 'cannot write the preview: a file is where a folder should be; '
                   'its last render is kept' in line for line in server.errors), server.errors
        media.unlink()
        retitle(server, SEED, 'title: "{mois.short} will expand', 'title: "{mois.short} is to expand')
        server.expect(rf'^{SEED}: html rendered in')
        assert '<title>MOIS is to expand cooperation' in server.get(page(SEED, 'en'))
        assert server.process.poll() is None
    finally:
        server.stop()


def test_a_saved_records_page_is_announced_before_any_pdf_of_the_save_is_started(workspace):
    """The page's reload is announced before the first PDF of the same save is asked of the workers, whose
    every request is noted with the render version the open pages had heard of then."""
    from publisher.preview import Preview, Renders
    from publisher.render.pdf import PdfWorkers

    renders, asked = Renders(), []

    class Noted:
        """The preview's real PDF workers, noting the announced version when each PDF is asked of them."""

        def __init__(self, workers):
            self.workers = workers

        def submit(self, *arguments, **options):
            asked.append(renders.version)
            return self.workers.submit(*arguments, **options)

        def assemble(self, *arguments, **options):
            asked.append(renders.version)
            return self.workers.assemble(*arguments, **options)

        def __getattr__(self, name):
            return getattr(self.workers, name)

    record = in_korean_and_english(workspace) / 'samples' / SEED / 'release.yaml'
    with PdfWorkers(2) as workers:
        preview = Preview([record], workspace / 'preview', ('html', 'pdf'), Noted(workers), print, print, renders)
        preview.render(preview.files())
        before, asked[:] = renders.version, []
        record.write_text(record.read_text().replace('title: "{mois.short} to expand',
                                                     'title: "{mois.short} will expand', 1))
        preview.render(preview.concerned({record.resolve()}))
    assert asked and set(asked) == {before + 1}  # every PDF asked for after the page's announcement
    assert renders.version == before + 2  # then the PDFs' own
    assert 'will expand' in (workspace / 'preview' / SEED / f'{SEED}.en.draft.html').read_text()
