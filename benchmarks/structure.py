"""Rendering the seed with this checkout's code against another revision's, in the same run.

    .venv/bin/python benchmarks/structure.py [--against main] [--runs 5]

The body's structure (headings, lists, tables, boxes, footnotes) added
templates, stylesheet rules and a localisation pass to every render; the seed
has none of it, so its render should cost what it did.  The other revision's
code is exported with ``git archive`` into a temporary folder and run with the
same interpreter and packages; the two are run alternately on a copy of the
seed (its catalogs too), so both see the same machine, and the medians are
compared: of the wall time, and of the processor time of the command and its
workers, which a loaded machine disturbs less.  The load is printed with the
figures.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import ROOT, SEED  # noqa: E402

COMMANDS = {
    'bilingual PDF': ['-l', 'ko-en', '-f', 'pdf'],
    'every edition and format': [],
}


def export(revision: str, folder: Path) -> Path:
    """The code of ``revision`` (the package, its templates and locales), unpacked in ``folder``."""
    archive = subprocess.run(['git', '-C', str(ROOT), 'archive', revision, 'publisher', 'templates', 'locales'],
                             check=True, capture_output=True).stdout
    folder.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter='data')
    return folder


def workspace(folder: Path, code: Path) -> Path:
    """A copy of the seed, with the catalogs of ``code`` (its template strings are that code's)."""
    shutil.copytree(SEED, folder / 'samples' / SEED.name)
    shutil.copytree(code / 'locales', folder / 'locales')
    return folder / 'samples' / SEED.name


def timed(code: Path, record: Path, options: list[str], out: Path) -> tuple[float, float]:
    """Wall time and processor time (user and system, with every worker) of one render, in seconds."""
    command = [sys.executable, '-m', 'publisher', 'render', str(record), *options, '--force', '--out', str(out)]
    environment = {**os.environ, 'PYTHONPATH': str(code)}
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    result = subprocess.run(command, cwd=code, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode:
        sys.exit(f'{" ".join(command)} failed: {result.stderr.decode()}')
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--against', default='main', help='the revision to compare with (default: main)')
    parser.add_argument('--runs', type=int, default=5)
    arguments = parser.parse_args()
    os.environ['PUBLISHER_WARM'] = '0'  # cold renders, each with workers of its own (see warm.py)
    with tempfile.TemporaryDirectory(prefix='publisher-structure-') as temporary:
        temporary = Path(temporary)
        codes = {'this checkout': ROOT, arguments.against: export(arguments.against, temporary / 'reference')}
        records = {name: workspace(temporary / f'workspace-{index}', code)
                   for index, (name, code) in enumerate(codes.items())}
        for code in codes.values():  # compiled once, as installing a package does
            subprocess.run([sys.executable, '-m', 'compileall', '-q', str(code / 'publisher')], check=True)
        print(f'load before: {os.getloadavg()[0]:.2f}')
        for label, options in COMMANDS.items():
            times = {name: [] for name in codes}
            for name, code in codes.items():  # a first run of each warms the caches (fonts, templates)
                timed(code, records[name], options, temporary / 'out')
            for _ in range(arguments.runs):
                for name, code in codes.items():
                    times[name].append(timed(code, records[name], options, temporary / 'out'))
            print(f'render <seed> {" ".join(options) or "(every edition and format)"} --force, median of '
                  f'{arguments.runs}, this checkout against {arguments.against}:')
            for index, kind in enumerate(('wall', 'processor')):
                mine, theirs = (statistics.median(run[index] for run in times[name]) for name in codes)
                print(f'  {kind:>9} time {mine:6.2f} s against {theirs:6.2f} s: {mine / theirs:.2f}x')
        print(f'load after: {os.getloadavg()[0]:.2f}')


if __name__ == '__main__':
    main()
