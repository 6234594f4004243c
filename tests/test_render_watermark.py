"""A draft's watermark is drawn from the package's fonts, which stay closed between drafts."""

from __future__ import annotations

import os
from pathlib import Path

from publisher.render import watermark


def open_files() -> set[str]:
    folder = Path('/proc/self/fd')
    return {os.path.realpath(folder / fd) for fd in os.listdir(folder)}


def test_the_watermark_font_kept_for_the_process_holds_no_file_open():
    """A lazy font kept for the process (a warm worker, serve) would hold its file open for its life."""
    watermark._font.cache_clear()
    before = open_files()
    font = watermark._font('NotoSans-Bold.ttf')
    assert font['hhea'].ascent > 0 and font.getGlyphSet()['A'].width > 0
    assert not {path for path in open_files() - before if path.endswith('.ttf')}
