"""An earlier version's PDF, marked as superseded by a correction.

The pages are left as they were printed: what was published stays readable
as it was.  The document's properties say it was superseded, when, and by
which file, where a PDF viewer shows them (the title, the subject, the
keywords) and in its XMP metadata.
"""

from __future__ import annotations

import io


def mark_superseded(pdf: bytes, version: int, superseded: str, current: str) -> bytes:
    """``pdf`` (version ``version``) marked superseded at ``superseded`` (UTC) by the file named ``current``."""
    import pikepdf

    note = f'Version {version}, superseded on {superseded} by {current}'
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


def _pdf_date(moment: str) -> str:
    """``2026-12-05T01:00:00Z`` as a PDF date: ``D:20261205010000Z``."""
    return 'D:' + moment.replace('-', '').replace(':', '').replace('T', '')
