"""The live preview: from saving a record to the reloaded page, and to the new PDF.

    .venv/bin/python benchmarks/serve.py [--runs N]      (also run by make benchmark)

`publisher serve` previews the seed in a copy of the workspace; each run
changes the record's title and times, from the write, the page's reload (the
announcement the open page listens for, then the page fetched with its new
title) and the next announcement, of the new PDF.  The reference, measured in
the same run and alternated with the edits, is what a press officer would do
without the preview: `publisher render` of the same release, HTML alone and
PDF alone, as whole processes rendering everything again (`--force`); and Chromium printing the seed's bilingual
page, once, as the measure of a render's speed.
"""

from __future__ import annotations

import argparse
import os
import http.client
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 'mois-asean-corps-2019'
PUBLISHER = [sys.executable, '-m', 'publisher']
CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'


def workspace(folder: Path) -> Path:
    shutil.copytree(ROOT / 'samples' / SEED, folder / 'samples' / SEED)
    shutil.copytree(ROOT / 'locales', folder / 'locales')
    shutil.copy(ROOT / 'glossary.yaml', folder / 'glossary.yaml')
    return folder / 'samples' / SEED / 'release.yaml'


def start(folder: Path):
    """`publisher serve` on a free port: the process and its address, once the first render is served."""
    process = subprocess.Popen(PUBLISHER + ['serve', f'samples/{SEED}', '--port', '0'], cwd=folder,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in process.stdout:
        if match := re.search(r'Serving (http://\S+/)', line):
            threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
            return process, match[1]
    sys.exit('publisher serve did not start')


def announcements(url: str) -> queue.Queue:
    """The render versions the server announces, each with the time it arrived."""
    host, port = url.split('//')[1].rstrip('/').split(':')
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    connection.request('GET', '/__publisher/events')
    response = connection.getresponse()
    arrived = queue.Queue()

    def listen():
        for line in response:
            if line.startswith(b'data: '):
                arrived.put((int(line[6:]), time.perf_counter()))
    threading.Thread(target=listen, daemon=True).start()
    return arrived


def until(arrived: queue.Queue, version: int) -> float:
    while True:
        announced, at = arrived.get(timeout=120)
        if announced >= version:
            return at


def edit(record: Path, url: str, arrived: queue.Queue, version: int, title: str) -> tuple[float, float, int]:
    """Seconds from saving ``title`` into the record to the reloaded page, and to the new PDF."""
    text = record.read_text()
    saved = time.perf_counter()
    record.write_text(re.sub(r'^title: .*$', f'title: "{title}"', text, count=1, flags=re.M))
    until(arrived, version + 1)
    while True:  # the page as the reloading browser fetches it
        with urllib.request.urlopen(f'{url}{SEED}/{SEED}.en.html') as response:
            if f'<title>{title}</title>' in response.read().decode():
                break
    reloaded = time.perf_counter()
    pdf = until(arrived, version + 2)
    return reloaded - saved, pdf - saved, version + 2


def cold(folder: Path, kind: str) -> float:
    start = time.perf_counter()
    subprocess.run(PUBLISHER + ['render', f'samples/{SEED}', '-f', kind, '--force', '--out', 'cold'], cwd=folder,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def chromium(html: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([CHROMIUM, '--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer',
                    f'--print-to-pdf={out}', html.as_uri()], check=True, capture_output=True)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=5)
    runs = parser.parse_args().runs
    os.environ['PUBLISHER_WARM'] = '0'  # cold renders, each with workers of its own (see warm.py)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        record = workspace(folder / 'preview')
        reference = workspace(folder / 'reference').parents[2]
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from run import print_html

        page, _ = print_html(folder)  # the print HTML, and the files it names
        process, url = start(folder / 'preview')
        try:
            arrived = announcements(url)
            version, _ = arrived.get(timeout=120)
            times = {'html': [], 'pdf': [], 'cold html': [], 'cold pdf': [], 'chromium': []}
            for run in range(runs):
                html, pdf, version = edit(record, url, arrived, version, f'MOIS to expand cooperation, take {run}')
                times['html'].append(html)
                times['pdf'].append(pdf)
                times['cold html'].append(cold(reference, 'html'))
                times['cold pdf'].append(cold(reference, 'pdf'))
                times['chromium'].append(chromium(page, folder / 'chromium.pdf'))
        finally:
            process.terminate()
            process.wait()
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f'Live preview of the seed, median of {runs} edits:')
    for kind in ('html', 'pdf'):
        print(f'  save -> {"reloaded page" if kind == "html" else "new PDF":<14} {median[kind]:6.2f} s   '
              f'publisher render -f {kind}: {median["cold " + kind]:6.2f} s   '
              f'= {median[kind] / median["cold " + kind]:4.2f}x')
    print(f'  save -> new PDFs (every edition)  against one Chromium PDF of the bilingual page '
          f'({median["chromium"]:.2f} s): {median["pdf"] / median["chromium"]:4.2f}x (target <= 1.0x)')
    print(f'  save -> reloaded page {median["html"]:6.3f} s (target <= 0.2 s at load 5) '
          f'{"ok" if median["html"] <= 0.2 else "OVER TARGET"}; load average {" ".join(f"{value:.1f}" for value in os.getloadavg())}')


if __name__ == '__main__':
    main()
