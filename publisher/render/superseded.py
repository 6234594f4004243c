"""An earlier version's PDF or HWPX document, marked as superseded by a correction.

The pages are left as they were printed: what was published stays readable
as it was.  The document's properties say it was superseded, when, and by
which file, where a PDF viewer or Hancom Office shows them (the title, the
subject, the keywords), and in a PDF's XMP metadata.
"""

from __future__ import annotations

import io


def mark_superseded(document: bytes, version: int, superseded: str, current: str) -> bytes:
    """``document`` (version ``version``, a PDF or HWPX as ``current`` is) marked superseded at ``superseded``
    (UTC) by the file named ``current``."""
    note = f'Version {version}, superseded on {superseded} by {current}'
    marked = _hwpx_marked if current.endswith('.hwpx') else _pdf_marked
    return marked(document, note, superseded)


def _pdf_marked(pdf: bytes, note: str, superseded: str) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        title = str(document.docinfo.get('/Title', ''))
        keywords = str(document.docinfo.get('/Keywords', ''))
        with document.open_metadata(set_pikepdf_as_editor=False) as metadata:
            metadata['dc:title'] = f'Superseded: {title}' if title else 'Superseded'
            metadata['dc:description'] = note
            metadata['pdf:Keywords'] = ', '.join(filter(None, [keywords, 'superseded']))
            metadata['xmp:ModifyDate'] = superseded
        document.docinfo['/Title'] = f'Superseded: {title}' if title else 'Superseded'
        document.docinfo['/Subject'] = note
        document.docinfo['/Keywords'] = ', '.join(filter(None, [keywords, 'superseded']))
        document.docinfo['/ModDate'] = _pdf_date(superseded)
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
    return out.getvalue()


def _hwpx_marked(hwpx: bytes, note: str, superseded: str) -> bytes:
    from hwpx import HwpxDocument

    document = HwpxDocument.open(hwpx)
    metadata = document.parts.metadata
    document.parts.set_document_metadata(
        title=f'Superseded: {metadata.title}' if metadata.title else 'Superseded', subject=note,
        keyword=', '.join(filter(None, [metadata.keyword, 'superseded'])), modified_date=superseded)
    return document.to_bytes()


def _pdf_date(moment: str) -> str:
    """``2026-12-05T01:00:00Z`` as a PDF date: ``D:20261205010000Z``."""
    return 'D:' + moment.replace('-', '').replace(':', '').replace('T', '')
