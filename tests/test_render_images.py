"""Photos are encoded for a PDF once a run: the run's workers share what one of them encoded, and the
PDFs are the same bytes as PDFs whose photos were encoded afresh."""

from __future__ import annotations

import pytest

from publisher.render import images
from publisher.render.pdf import PdfWorkers, render_pdf

from conftest import ROOT, SEED


@pytest.fixture(scope='module')
def seed_pages():
    """The seed's print HTML in English and Korean (two photos each), and its release."""
    from publisher import load_record
    from publisher.build import localise_all
    from publisher.render.html import Media, render_page

    release = load_record(ROOT / 'samples' / SEED / 'release.yaml')
    localised = localise_all(release, [('en',), ('ko',)])
    return release, [render_page([localised[language]], release.workspace, print=True, media=Media.for_print())
                     for language in ('en', 'ko')]


@pytest.fixture
def shared(tmp_path, monkeypatch):
    """This process shares its encoded photos in a folder, as a worker of a run does."""
    monkeypatch.setattr(images, '_shared_folder', [])
    images.reuse_image_streams()
    images.share_encoded_images(tmp_path / images.SHARED)
    return tmp_path / images.SHARED


def _encodings(folder):
    return {path.name: path.stat().st_ino for path in folder.iterdir() if not path.suffix}


def test_each_photo_is_encoded_once_into_the_runs_folder(seed_pages, shared):
    release, (english, korean) = seed_pages
    render_pdf(english, release.workspace, source=release.source)
    first = _encodings(shared)
    render_pdf(korean, release.workspace, source=release.source)
    assert len(first) == 2 and _encodings(shared) == first  # read by the second PDF, not written again


def test_a_pdf_made_from_shared_encodings_is_the_same_as_one_made_afresh(seed_pages, shared):
    release, (english, korean) = seed_pages
    render_pdf(english, release.workspace, source=release.source)
    from_shared = render_pdf(korean, release.workspace, source=release.source)
    images._shared_folder.clear()
    assert from_shared == render_pdf(korean, release.workspace, source=release.source)


def test_an_encoding_cut_short_is_made_again(seed_pages, shared):
    release, (english, _) = seed_pages
    whole = render_pdf(english, release.workspace, source=release.source)
    for name in _encodings(shared):
        path = shared / name
        path.write_bytes(path.read_bytes()[:100])
    assert render_pdf(english, release.workspace, source=release.source) == whole


def test_two_workers_share_their_photos_and_give_the_bytes_of_a_single_process(seed_pages):
    release, pages = seed_pages
    with PdfWorkers(2) as workers:
        shared = [workers.submit(page, release.workspace, source=release.source) for page in pages]
        shared = [future.result() for future in shared]
        assert len(_encodings(workers.folder / images.SHARED)) == 2
    assert shared == [render_pdf(page, release.workspace, source=release.source) for page in pages]
