"""publisher: bilingual press releases from one canonical record.

The pipeline, one module per stage::

    record/      load and validate a record (YAML)    -> Release
    messages.py  its translatable strings             -> [Message]
    catalogs/    the gettext catalogs (.po): extract, update, read  -> Catalog
    drafts/      machine drafts into the catalogs, and their review
    localise.py  one language: translated, formatted  -> LocalisedRelease
    render/      HTML pages, then PDF
    build.py     which outputs, written into dist/

From Python::

    from publisher import load_record, render
    render(load_record('samples/mois-asean-corps-2019/release.yaml'), out='dist')
"""

from __future__ import annotations

__all__ = ['load_record', 'render']


def load_record(path):
    """Read and validate a record; raises InputError listing every problem."""
    from .record import load_record as load
    return load(path)


def render(release, locales=(), formats=('html', 'pdf', 'hwpx'), out='dist'):
    """Render ``release`` into ``out``; return the paths written (as pathlib's Paths)."""
    from pathlib import Path

    from . import build
    from .render.pdf import PdfWorkers
    with PdfWorkers(len(build.choose_editions(release, locales))) as pdfs:
        written = build.write_outputs(build.build([release], locales, formats, Path(out), pdfs=pdfs))
    return [output.path for output in written]
