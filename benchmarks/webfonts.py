"""The web fonts' subsets: cut by HarfBuzz, against fontTools' own subsetter on the same characters.

    .venv/bin/python benchmarks/webfonts.py [--runs 5]

For each face a page of the samples uses, the characters of all four
samples' records (more than any one page holds, as a long release has);
each run cuts every subset with publisher's subsetter (HarfBuzz, then WOFF2
from fontTools) and with fontTools' subsetter under the options publisher used
before (no hinting, the .notdef outline, WOFF2), interleaved so that both see
the same machine. Nothing is read from the user's cache. Prints the medians of
CPU seconds per face and in all, their ratio, the sizes, and the load average
before and after.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from publisher.render.fonts import covered  # noqa: E402
from publisher.render.webfonts import FACES, _woff2, with_decompositions  # noqa: E402
from publisher.workspace import FONTS  # noqa: E402


def fonttools_woff2(path: Path, points: list[int]) -> bytes:
    """The subset as fontTools' subsetter cuts it, with the options publisher used before HarfBuzz."""
    from fontTools import subset as subsetting
    from fontTools.ttLib import TTFont

    options = subsetting.Options()
    options.flavor = 'woff2'
    options.hinting = False
    options.notdef_outline = True
    options.drop_tables += ['TSI0', 'TSI1', 'TSI2', 'TSI3', 'TSI5']
    with TTFont(path, recalcTimestamp=False) as font:
        subsetter = subsetting.Subsetter(options)
        subsetter.populate(unicodes=points)
        subsetter.subset(font)
        font.flavor = 'woff2'
        buffer = io.BytesIO()
        font.save(buffer)
    return buffer.getvalue()


def cpu(function, *arguments):
    start = time.process_time()
    result = function(*arguments)
    return time.process_time() - start, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=5)
    options = parser.parse_args()
    characters = set(''.join(path.read_text() for path in sorted((ROOT / 'samples').glob('*/release.yaml'))))
    faces = sorted({face.file for face in FACES})
    points = {file: sorted(ord(char) for char in with_decompositions(characters) if ord(char) in covered(file))
              for file in faces}
    faces = [file for file in faces if points[file]]
    fonttools_woff2(FONTS / faces[0], points[faces[0]])  # both libraries imported before timing
    _woff2(FONTS / faces[0], points[faces[0]])
    load = os.getloadavg()[0]
    ours, theirs, sizes = {f: [] for f in faces}, {f: [] for f in faces}, {}
    for _ in range(options.runs):
        for file in faces:
            seconds, data = cpu(_woff2, FONTS / file, points[file])
            ours[file].append(seconds)
            reference_seconds, reference = cpu(fonttools_woff2, FONTS / file, points[file])
            theirs[file].append(reference_seconds)
            sizes[file] = (len(data), len(reference))
    print(f'load average {load:.1f} before, {os.getloadavg()[0]:.1f} after; medians of {options.runs} runs, CPU seconds')
    print(f'{"face":28} {"characters":>10} {"HarfBuzz":>9} {"fontTools":>9} {"ratio":>6} {"bytes (ours/theirs)":>20}')
    for file in faces:
        mine, reference = statistics.median(ours[file]), statistics.median(theirs[file])
        print(f'{file:28} {len(points[file]):>10} {mine:>9.3f} {reference:>9.3f} {mine / reference:>5.2f}× '
              f'{sizes[file][0]:>9} / {sizes[file][1]}')
    mine = sum(statistics.median(ours[file]) for file in faces)
    reference = sum(statistics.median(theirs[file]) for file in faces)
    print(f'{"all faces":28} {"":>10} {mine:>9.3f} {reference:>9.3f} {mine / reference:>5.2f}×')


if __name__ == '__main__':
    main()
