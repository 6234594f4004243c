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
def seed_pages():
    from publisher import load_record
    from publisher.build import localise_all
    from publisher.render.html import Media, render_page

    release = load_record(ROOT / 'samples' / SEED / 'release.yaml')
    localised = localise_all(release, [('ko',), ('en',)])
    return release, [render_page([localised[language]], release.workspace, print=True, media=Media.for_print())
                     for language in ('ko', 'en')]


def test_workers_are_forked_from_one_process_that_loaded_weasyprint(seed_pages):
    release, pages = seed_pages
    with PdfWorkers(2) as workers:
        # Busy workers: each takes a PDF, so both are asked.
        [future.result() for future in [workers.submit(page, release.workspace, source=release.source)
                                        for page in pages]]
        found = {workers._pool.submit(_parent_and_libraries).result() for _ in range(8)}
    (parent, loaded), = found
    assert parent != os.getpid() and loaded


def test_forked_workers_give_the_bytes_of_a_single_process(seed_pages):
    """Pango, fontconfig and cffi, loaded before the fork, lay out the same in every worker."""
    release, pages = seed_pages
    with PdfWorkers(2) as workers:
        forked = [future.result() for future in [workers.submit(page, release.workspace, source=release.source)
                                                 for page in pages * 2]]
    single = [render_pdf(page, release.workspace, source=release.source) for page in pages]
    assert forked == single * 2


def test_a_run_leaves_no_worker_behind(seed_pages):
    import multiprocessing

    release, pages = seed_pages
    with PdfWorkers(2) as workers:
        workers.submit(pages[0], release.workspace, source=release.source).result()
        started = set(multiprocessing.active_children())
    assert started and not set(multiprocessing.active_children()) & started
    assert not workers.folder.exists()
