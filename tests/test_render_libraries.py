"""WeasyPrint's libraries are found in the linker's cache, read once, as ctypes would find them; the arrays it
hands them are typed without parsing C again."""

from __future__ import annotations

import ctypes.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.render.libraries import _find_library, _linker_cache

from conftest import ROOT, SEED

#: Every name WeasyPrint 70 tries for its libraries (weasyprint/text/ffi.py), and a few others.
NAMES = ['libgobject-2.0-0', 'gobject-2.0-0', 'gobject-2.0', 'libpango-1.0-0', 'pango-1.0-0', 'pango-1.0',
         'libharfbuzz-0', 'harfbuzz', 'harfbuzz-0.0', 'libharfbuzz-subset-0', 'harfbuzz-subset',
         'libharfbuzz-vector-0', 'harfbuzz-vector', 'libfontconfig-1', 'fontconfig-1', 'fontconfig',
         'libpangoft2-1.0-0', 'pangoft2-1.0-0', 'pangoft2-1.0', 'c', 'm', 'z', 'no-such-library']


@pytest.mark.parametrize('name', NAMES)
def test_each_library_is_named_as_ctypes_names_it(name):
    assert _find_library(_linker_cache(), name) == ctypes.util.find_library(name)


needs_strace = pytest.mark.skipif(not Path('/usr/bin/strace').exists(), reason='needs strace')


def started(log: Path) -> list[str]:
    """The programs ``strace -e trace=execve`` saw started, in order."""
    return [Path(found).name for found in re.findall(r'execve\("([^"]+)"', log.read_text())]


@needs_strace
def test_weasyprint_is_imported_without_starting_a_compiler(tmp_path):
    """ctypes would run gcc and ld for each name that is not a library here: 22 names, 0.3 s."""
    log = tmp_path / 'exec.log'
    subprocess.run(['strace', '-f', '-qq', '-e', 'trace=execve', '-o', str(log), sys.executable, '-c',
                    'from publisher.render.libraries import import_weasyprint; '
                    'assert import_weasyprint().text.ffi.pango'],
                   check=True, capture_output=True)
    assert started(log)[1:] == ['ldconfig']  # after Python itself: the one look at the linker's cache


@needs_strace
def test_a_pdf_render_starts_no_compiler(workspace):
    """The fork server imports WeasyPrint for the workers: as cheaply as the render itself would."""
    log = workspace / 'exec.log'
    subprocess.run(['strace', '-f', '-qq', '-e', 'trace=execve', '-o', str(log), sys.executable, '-m', 'publisher',
                    'render', f'samples/{SEED}', '-l', 'en', '-f', 'pdf'], cwd=workspace, check=True, capture_output=True)
    assert (workspace / 'dist' / SEED / f'{SEED}.en.pdf').is_file()
    assert {name for name in started(log) if not name.startswith('python')} == {'ldconfig'}


def test_an_array_of_a_given_length_is_made_from_its_items_type_without_the_c_parser(monkeypatch):
    """WeasyPrint asks cffi for an array of each font's glyphs by its length: a new type text nearly every
    time, which cffi would parse again."""
    from cffi import cparser

    from publisher.render.libraries import import_weasyprint

    ffi = import_weasyprint().text.ffi.ffi
    parsed = []
    parse = cparser.Parser.parse_type
    monkeypatch.setattr(cparser.Parser, 'parse_type', lambda self, text: parsed.append(text) or parse(self, text))
    length = 4099  # a length no render asked for
    glyphs = ffi.new(f'hb_codepoint_t[{length}]', [7, 8, 9])
    assert not [text for text in parsed if '[' in text]  # at most the item's pointer type, once
    assert ffi.typeof(glyphs) is ffi.typeof(f'hb_codepoint_t[{length}]')
    assert ffi.typeof(glyphs).kind == 'array' and ffi.typeof(glyphs).length == length
    assert ffi.typeof(glyphs).item is ffi.typeof('hb_codepoint_t')
    assert list(glyphs[0:4]) == [7, 8, 9, 0] and ffi.sizeof(glyphs) == length * ffi.sizeof('hb_codepoint_t')


#: In a fresh process: what the fork server preloads, then the first PDFs of a worker (English and Korean), noting
#: every C type cffi parses meanwhile.
FIRST_PDFS = '''
import sys
from pathlib import Path

from cffi import cparser

import publisher.render.preload  # noqa: F401
from publisher import load_record
from publisher.build import localise_all
from publisher.render.html import Media, render_page
from publisher.render.pdf import render_pdf

parsed = []
parse = cparser.Parser.parse_type
cparser.Parser.parse_type = lambda self, text: parsed.append(text) or parse(self, text)
release = load_record(Path(sys.argv[1]))
localised = localise_all(release, [('en',), ('ko',)])
media = Media.for_print()
for language in ('en', 'ko'):
    page = render_page([localised[language]], release.workspace, print=True, media=media)
    assert render_pdf(page, release.workspace, source=release.source, files=media.read).startswith(b'%PDF')
print(parsed)
'''


def test_a_workers_first_pdfs_parse_no_c_type_the_fork_server_parsed():
    """The fork server parses the C types every PDF names, once for all its workers.  Were WeasyPrint to name
    another type, add it to TYPES_A_PDF_NAMES."""
    record = ROOT / 'samples' / SEED / 'release.yaml'
    printed = subprocess.run([sys.executable, '-c', FIRST_PDFS, str(record)], check=True, capture_output=True,
                             text=True).stdout
    assert printed.strip() == '[]'
