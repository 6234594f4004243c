"""A run's PDF workers are forked from one process that imported WeasyPrint once; what they render is
the same bytes as a PDF rendered in a single process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from publisher.render.pdf import PdfWorkers, render_pdf

from conftest import ROOT, SEED


def _parent_and_libraries():
    """In a worker: its parent's pid, and whether Pango and fontconfig are loaded in the parent."""
    maps = Path(f'/proc/{os.getppid()}/maps').read_text()
    return os.getppid(), 'libpango' in maps and 'libfontconfig' in maps


@pytest.fixture(scope='module')
def seed():
    """The seed's release, its print HTML in Korean and English, and the files they link."""
    from publisher import load_record
    from publisher.build import localise_all
    from publisher.render.html import Media, render_page

    release = load_record(ROOT / 'samples' / SEED / 'release.yaml')
    localised = localise_all(release, [('ko',), ('en',)])
    media = Media.for_print()
    pages = [render_page([localised[language]], release.workspace, print=True, media=media)
             for language in ('ko', 'en')]
    return release, pages, media.read


def submitted(workers, seed, pages) -> list[bytes]:
    release, _, files = seed
    futures = [workers.submit(page, release.workspace, source=release.source, files=files) for page in pages]
    return [future.result() for future in futures]


def test_workers_are_forked_from_one_process_that_loaded_weasyprint(seed):
    with PdfWorkers(2) as workers:
        submitted(workers, seed, seed[1])  # busy workers: each takes a PDF, so both are asked
        found = {workers._pool.submit(_parent_and_libraries).result() for _ in range(8)}
    (parent, loaded), = found
    assert parent != os.getpid() and loaded


def test_forked_workers_give_the_bytes_of_a_single_process(seed):
    """Pango, fontconfig and cffi, loaded before the fork, lay out the same in every worker."""
    release, pages, files = seed
    with PdfWorkers(2) as workers:
        forked = submitted(workers, seed, pages * 2)
    single = [render_pdf(page, release.workspace, source=release.source, files=files) for page in pages]
    assert forked == single * 2


def test_a_run_leaves_no_worker_behind(seed):
    import multiprocessing

    with PdfWorkers(2) as workers:
        submitted(workers, seed, seed[1][:1])
        started = set(multiprocessing.active_children())
    assert started and not set(multiprocessing.active_children()) & started
    assert not workers.folder.exists()


def _send_half_a_result(marker: str):
    """In a worker: begin a result larger than a pipe holds, write the worker's pid to ``marker``, and
    stall, as a worker killed half-way through sending a large PDF leaves the run's end of the pipe."""
    import struct
    import sys
    import time

    results = sys._getframe(1).f_locals['result_queue']  # the pool's process loop called us
    os.write(results._writer.fileno(), struct.pack('!i', 1 << 20) + b'%PDF-1.7\n')
    Path(marker).write_text(str(os.getpid()))
    time.sleep(600)


#: A run whose worker is half-way through sending a PDF, in a process of its own: if it hangs, the test
#: ends it.  With ``fail``, the run fails (a full disk, say) and kills its workers; else the worker is killed.
_HALF_SENT = '''
import os, signal, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from test_render_workers import _send_half_a_result
from publisher.render.pdf import PdfWorkers

marker, fail = Path(sys.argv[2]), sys.argv[3] == 'fail'
try:
    with PdfWorkers(1) as workers:
        future = workers._pool.submit(_send_half_a_result, str(marker))
        while not marker.exists() or not marker.read_text():
            time.sleep(0.05)
        if fail:
            raise OSError(28, 'No space left on device')
        os.kill(int(marker.read_text()), signal.SIGKILL)
        future.result()
except Exception as error:
    print(type(error).__name__)
'''


@pytest.mark.parametrize('how', ['fail', 'kill'])
def test_a_worker_killed_half_way_through_a_pdf_ends_the_run(tmp_path, how):
    """The pool reads a result whole: a worker that dies part-way, killed by the run as it fails or by
    anything else, must not leave the run waiting for the rest of it."""
    import subprocess
    import sys

    marker = tmp_path / 'worker'
    result = subprocess.run([sys.executable, '-c', _HALF_SENT, str(ROOT / 'tests'), str(marker), how],
                            capture_output=True, text=True, timeout=120)
    expected = 'OSError' if how == 'fail' else 'BrokenProcessPool'
    assert result.returncode == 0 and result.stdout.split() == [expected], result.stderr
    assert _ended(int(marker.read_text()))


def _ended(pid: int) -> bool:
    """Whether the process ``pid`` ended (a zombie nobody reaped yet has)."""
    try:
        return Path(f'/proc/{pid}/stat').read_text().rsplit(')', 1)[1].split()[0] in ('Z', 'X')
    except OSError:
        return True
