"""`publisher status` over a workspace of many releases: cold, and with what earlier runs kept.

    .venv/bin/python benchmarks/status.py [--releases 200] [--runs 5] [--workspace FOLDER]

The workspace of `catalogs.py` (copies of the two samples, each with a third
language: 200 releases, 602 catalogs), made once (or reused from
``--workspace``). Each run times three whole processes, interleaved so that
they see the same machine: `status` with an empty user cache (cold), `status`
again with the cache the previous command left (warm), and `publisher
--help` (the reference: starting Python and the command line). Prints the
medians of wall and CPU time (user and system), the load average before and
after, and whether cold and warm printed the same.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalogs import PUBLISHER, ROOT, _folders, build_workspace  # noqa: E402


def measured(command, cwd, cache: Path):
    """Wall and CPU seconds of ``command``, and what it printed, with ``cache`` as the user's cache."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env={**os.environ, 'XDG_CACHE_HOME': str(cache)})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), result.stdout


def prepared(root: Path, releases: int):
    build_workspace(root, releases)
    for verb in ('update', 'extract'):
        subprocess.run(PUBLISHER + [verb, *_folders(root)], cwd=root, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--releases', type=int, default=200)
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--workspace', type=Path, help='a workspace made by an earlier run, to make it again')
    options = parser.parse_args()
    # As installed packages are: compiled once, not in every process measured (PYTHONDONTWRITEBYTECODE).
    subprocess.run([sys.executable, '-m', 'compileall', '-q', str(ROOT / 'publisher')], check=True)
    with tempfile.TemporaryDirectory() as temporary:
        root = options.workspace or Path(temporary) / 'workspace'
        if not (root / 'samples').is_dir():
            prepared(root, options.releases)
        status = PUBLISHER + ['status', *_folders(root)]
        load = os.getloadavg()
        times = {'cold': [], 'warm': [], 'reference': []}
        same = True
        for run in range(options.runs):
            cache = Path(temporary) / f'cache-{run}'
            *cold, printed_cold = measured(status, root, cache)
            *warm, printed_warm = measured(status, root, cache)
            *reference, _ = measured(PUBLISHER + ['--help'], root, cache)
            same &= printed_cold == printed_warm
            for name, values in (('cold', cold), ('warm', warm), ('reference', reference)):
                times[name].append(values)
            shutil.rmtree(cache)
        print(f'{options.releases} releases; median of {options.runs} runs; load {load[0]:.1f} before, '
              f'{os.getloadavg()[0]:.1f} after; cold and warm printed the same: {same}')
        reference = [statistics.median(values) for values in zip(*times['reference'])]
        for name in ('cold', 'warm', 'reference'):
            wall, cpu = (statistics.median(values) for values in zip(*times[name]))
            print(f'  status {name:9}  wall {wall:5.2f} s ({wall / reference[0]:4.1f}x --help)'
                  f'  CPU {cpu:5.2f} s ({cpu / reference[1]:4.1f}x)' if name != 'reference' else
                  f'  publisher --help  wall {wall:5.2f} s  CPU {cpu:5.2f} s')


if __name__ == '__main__':
    main()
