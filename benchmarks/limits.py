"""How time and memory grow with the size of a record: the figures behind the record limits.

    .venv/bin/python benchmarks/limits.py        (also run by make benchmark)

The seed in English is made long by repeating its first paragraph, each copy
numbered so that each is its own string: 100, 1,000 and 10,000 paragraphs, one
paragraph as long as a text may be, and as many of those as a record may hold.  Each command is a whole process,
compared with the same command on the seed (8 paragraphs) in the same run.
The limits are raised for this run only, so that sizes beyond them can be
measured too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

import yaml

from run import PYTHON, ROOT, SEED, run, tree_memory

#: Runs publisher with limits far above the documented ones.
UNLIMITED = [PYTHON, '-c', 'import sys; from publisher import cli, record; '
             'record.limits.LIMITS = record.Limits(record_bytes=10**9, values=10**8, paragraphs=10**6); '
             'sys.argv[0] = "publisher"; cli.main()']


def long_record(folder: Path, paragraphs: int, repeat: int = 1) -> Path:
    """The seed with ``paragraphs`` body paragraphs, each its first paragraph ``repeat`` times over."""
    copy = folder / f'long-{paragraphs}-{repeat}'
    if copy.exists():
        return copy
    shutil.copytree(SEED, copy)
    path = copy / 'release.yaml'
    data = yaml.safe_load(path.read_text())
    first = data['body'][0]
    data['id'] = copy.name
    data['body'] = [f'Paragraph {index}. ' + ' '.join([first] * repeat) for index in range(paragraphs)]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, width=100))
    return copy


def _largest_within_limits(folder: Path, repeat: int):
    """The most paragraphs of the longest text allowed that a record may hold, and the record."""
    from publisher.record import LIMITS

    one = (long_record(folder, 1, repeat) / 'release.yaml').stat().st_size
    two = (long_record(folder, 2, repeat) / 'release.yaml').stat().st_size
    count = 1 + (LIMITS.record_bytes - one) // (two - one)
    return count, long_record(folder, count, repeat)


def measure(command):
    """The shorter time of two runs (one also sampling memory), and the peak memory of the largest process."""
    start = time.perf_counter()
    largest, *_ = tree_memory(command)
    return min(time.perf_counter() - start, run(command)), largest


COMMANDS = {'check': ['check'], 'render html': ['render', '-l', 'en', '-f', 'html'],
            'render pdf': ['render', '-l', 'en', '-f', 'pdf']}


def main():
    from publisher.record import LIMITS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--largest-pdf', type=int, default=1000, help='Render PDFs up to this many paragraphs.')
    largest_pdf = parser.parse_args().largest_pdf
    os.environ['PUBLISHER_WARM'] = '0'  # cold renders, each with workers of its own (see warm.py)
    # The workspace is the repository (its fonts' cache, its locales); the copies go beside the samples.
    with tempfile.TemporaryDirectory(dir=ROOT / 'samples', prefix='.benchmark-') as temporary:
        folder = Path(temporary)
        length = len(yaml.safe_load((SEED / 'release.yaml').read_text())['body'][0])
        repeat = LIMITS.string_length // (length + 1)
        records = [('seed (8 paragraphs)', SEED, 8)]
        records += [(f'{count:,} paragraphs', long_record(folder, count), count) for count in (100, 1000, 10000)]
        records.append((f'1 paragraph of {repeat * (length + 1):,} characters', long_record(folder, 1, repeat), 1))
        # As many of those as a record may hold: the most text a record within the limits has.
        count, largest = _largest_within_limits(folder, repeat)
        records.append((f'{count} paragraphs of {repeat * (length + 1):,} characters', largest, count))
        references = {}
        print(f'{"record":<36} {"command":<14} {"time":>9} {"ratio":>8} {"peak memory":>12}')
        for name, record, paragraphs in records:
            for label, arguments in COMMANDS.items():
                if label == 'render pdf' and paragraphs > largest_pdf:
                    continue
                out = ['--out', str(folder / 'dist')] if label != 'check' else []
                seconds, memory = measure(UNLIMITED + arguments + [str(record)] + out)
                reference, _ = references.setdefault(label, (seconds, memory))
                print(f'{name:<36} {label:<14} {seconds:8.2f}s {seconds / reference:7.1f}x {memory:9.0f} MB')


if __name__ == '__main__':
    main()
