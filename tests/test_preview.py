"""publisher serve: a workspace rendered, served on loopback, and rendered again as its files change."""

from __future__ import annotations

import http.client
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from conftest import KOREAN_FIRST, ROOT, SEED

WAIT = 60  # seconds, on a busy machine


class Server:
    """`publisher serve` in its own process, on a free port."""

    def __init__(self, workspace: Path):
        self.workspace = workspace
        self.process = subprocess.Popen(
            [sys.executable, '-m', 'publisher', 'serve', 'samples', '-f', 'html', '--port', '0'],
            cwd=workspace, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines, self.errors = queue.Queue(), []
        threading.Thread(target=lambda: [self.lines.put(line) for line in self.process.stdout], daemon=True).start()
        threading.Thread(target=lambda: [self.errors.append(line) for line in self.process.stderr], daemon=True).start()
        self.folder = Path(self.expect(r'Rendering into (\S+)')[1])
        self.url = self.expect(r'Serving (http://127\.0\.0\.1:\d+/)')[1]

    def expect(self, pattern):
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=deadline - time.monotonic())
            except queue.Empty:
                break
            if match := re.search(pattern, line):
                return match
        raise AssertionError(f'no line like {pattern!r}; errors: {self.errors}')

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
    server = Server(workspace)
    yield server
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=WAIT) == 0
    assert not server.folder.exists()


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
