"""What translation memory costs an update, as the workspace grows.

    .venv/bin/python benchmarks/memory.py [--releases 100 300 1000] [--runs 1]

For each size, builds a workspace of copies of the two samples (see
catalogs.py), each copy's own words made distinct (ASEAN, 아세안 and Busan
numbered in its record and catalogs alike), so that memory holds as many
different strings as a real archive would.  Then every record changes a
short string (a breadcrumb) and a paragraph (a few words added), and
``publisher update`` over all of them is timed with memory and with
``--no-memory``, alternated, on two copies of the same workspace: the ratio
is memory's cost.  Memory's cost grows about linearly with the workspace
when the ratio stays about the same.  The CPU seconds of the update's
process are the figure compared: on a shared machine its wall time
measures the other processes as much as it.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from catalogs import PUBLISHER, _folders, build_workspace

#: Words each copy numbers, in its record and its catalogs: (in the record's text, in its catalogs' text).
NUMBERED = ('ASEAN', '아세안', 'Busan', '부산')
#: The edits every record gets: a short string (the breadcrumb) and a paragraph of each sample.
EDITS = (('Previous Events', 'Past Events'), ('보도자료', '보도 자료'),
         ('The delegation, headed by', 'The delegation, which was headed by'),
         ('이번 라운드테이블은', '이번 장관급 라운드테이블은'))


def distinct_copies(root: Path):
    """Number the shared words of each copy, so that no two copies hold the same strings."""
    for record in sorted((root / 'samples').glob('*/release.yaml')):
        release_id = record.parent.name
        number = release_id.rsplit('-', 1)[1]
        paths = [record, *(root / 'locales').glob(f'*/LC_MESSAGES/{release_id}.po')]
        for path in paths:
            text = path.read_text()
            for word in NUMBERED:
                text = text.replace(word, f'{word}{number}')
            path.write_text(text)


def edit_every_record(root: Path):
    for record in (root / 'samples').glob('*/release.yaml'):
        text = record.read_text()
        for old, new in EDITS:
            text = text.replace(old, new)
        record.write_text(text)


def cpu_seconds(command, cwd) -> float:
    """CPU seconds (user and system) of ``command``, its report and progress discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def measure(releases: int, runs: int, temporary: Path) -> tuple[float, float]:
    """Median CPU seconds of the update with memory and without, on ``releases`` copies."""
    root = temporary / f'workspace-{releases}'
    build_workspace(root, releases)
    distinct_copies(root)
    subprocess.run(PUBLISHER + ['update', *_folders(root)], cwd=root, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)  # catalogs in our layout, as after a first update
    edit_every_record(root)
    subprocess.run(PUBLISHER + ['extract', *_folders(root)], cwd=root, check=True, stdout=subprocess.DEVNULL)
    times = {'memory': [], 'no memory': []}
    for _ in range(runs):
        for name, options in (('memory', []), ('no memory', ['--no-memory'])):
            work = temporary / 'work'
            shutil.copytree(root, work)
            times[name].append(cpu_seconds(PUBLISHER + ['update', *options, *_folders(work)], work))
            shutil.rmtree(work)
    shutil.rmtree(root)
    return statistics.median(times['memory']), statistics.median(times['no memory'])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--releases', type=int, nargs='+', default=[100, 300, 1000])
    parser.add_argument('--runs', type=int, default=1)
    options = parser.parse_args()
    print(f'{os.cpu_count()} cores, load average {" ".join(f"{value:.1f}" for value in os.getloadavg())} at the start')
    with tempfile.TemporaryDirectory() as temporary:
        for releases in options.releases:
            memory, without = measure(releases, options.runs, Path(temporary))
            print(f'  {releases:5} releases: update {memory:7.2f} CPU s with memory, {without:7.2f} without'
                  f' = {memory / without:4.2f}x  (load {os.getloadavg()[0]:.1f})', flush=True)


if __name__ == '__main__':
    main()
