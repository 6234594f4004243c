"""Photos are encoded for a PDF once a run: the run's workers share what one of them encoded, and the
PDFs are the same bytes as PDFs whose photos were encoded afresh."""

from __future__ import annotations

import pytest

from publisher.render import images
from publisher.render.pdf import PdfWorkers, render_pdf

from conftest import ROOT, SEED


@pytest.fixture(scope='module')
def seed():
    """The seed's release, its print HTML in English and Korean (two photos each), and the files they link."""
    from publisher import load_record
    from publisher.build import localise_all
    from publisher.render.html import Media, render_page

    release = load_record(ROOT / 'samples' / SEED / 'release.yaml')
    localised = localise_all(release, [('en',), ('ko',)])
    media = Media.for_print()
    pages = [render_page([localised[language]], release.workspace, print=True, media=media)
             for language in ('en', 'ko')]
    return release, pages, media.read


def rendered(seed, page) -> bytes:
    release, _, files = seed
    return render_pdf(page, release.workspace, source=release.source, files=files)


@pytest.fixture
def shared(tmp_path, monkeypatch):
    """This process shares its encoded photos in a folder, as a worker of a run does."""
    monkeypatch.setattr(images, '_shared_folder', [])
    images.reuse_image_streams()
    images.share_encoded_images(tmp_path / images.SHARED)
    return tmp_path / images.SHARED


def _encodings(folder):
    return {path.name: path.stat().st_ino for path in folder.iterdir() if not path.suffix}


def test_each_photo_is_encoded_once_into_the_runs_folder(seed, shared):
    english, korean = seed[1]
    rendered(seed, english)
    first = _encodings(shared)
    rendered(seed, korean)
    assert len(first) == 2 and _encodings(shared) == first  # read by the second PDF, not written again


def test_a_pdf_made_from_shared_encodings_is_the_same_as_one_made_afresh(seed, shared):
    english, korean = seed[1]
    rendered(seed, english)
    from_shared = rendered(seed, korean)
    images._shared_folder.clear()
    assert from_shared == rendered(seed, korean)


def test_an_encoding_cut_short_is_made_again(seed, shared):
    english = seed[1][0]
    whole = rendered(seed, english)
    for name in _encodings(shared):
        path = shared / name
        path.write_bytes(path.read_bytes()[:100])
    assert rendered(seed, english) == whole


def test_two_workers_share_their_photos_and_give_the_bytes_of_a_single_process(seed):
    release, pages, files = seed
    with PdfWorkers(2) as workers:
        futures = [workers.submit(page, release.workspace, source=release.source, files=files) for page in pages]
        shared = [future.result() for future in futures]
        assert len(_encodings(workers.folder / images.SHARED)) == 2
    assert shared == [rendered(seed, page) for page in pages]
