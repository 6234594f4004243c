"""PDFs on a Dask cluster against the local workers: what sending the jobs away costs.

    .venv/bin/python benchmarks/cluster.py [--releases 10] [--runs 3]

Builds the batch workspace of batch.py (copies of the two samples), starts a
Dask LocalCluster of 2 worker processes (one thread each) on loopback, then
measures, alternating run by run, the whole process of

- ``publisher render <all> -f pdf --force`` (local workers, one per core), and
- the same with ``--scheduler`` set to the cluster, started once before
  (a standing cluster: its start is not counted; the client's import of
  distributed and the files it sends are),

as PDFs per second; it checks that both give the same bytes.  On one machine
the cluster has the same cores as the local workers, so the ratio is the
overhead of the jobs' round trips, not the gain of more machines.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from batch import build_workspace  # noqa: E402
from run import PUBLISHER  # noqa: E402


def render(root: Path, out: Path, *options) -> float:
    """Wall seconds of one whole render of every release's PDFs."""
    start = time.perf_counter()
    subprocess.run(PUBLISHER + ['render', str(root / 'samples'), '-f', 'pdf', '--force', '--out', str(out), *options],
                   cwd=root, check=True, capture_output=True)
    return time.perf_counter() - start


def pdfs(out: Path) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.glob('*/*.pdf'))}


def main():
    from distributed import LocalCluster

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--releases', type=int, default=10)
    parser.add_argument('--runs', type=int, default=3)
    options = parser.parse_args()
    os.environ['PUBLISHER_WARM'] = '0'  # cold renders, each with workers of its own (see warm.py)
    with tempfile.TemporaryDirectory() as temporary, \
            LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host='127.0.0.1',
                         dashboard_address=':0') as cluster:
        root = Path(temporary)
        build_workspace(root, options.releases)
        seconds = {'local': [], 'cluster': []}
        for _ in range(options.runs):
            seconds['local'].append(render(root, root / 'local'))
            seconds['cluster'].append(render(root, root / 'cluster', '--scheduler', cluster.scheduler_address))
        local, remote = pdfs(root / 'local'), pdfs(root / 'cluster')
        assert local and local == remote, 'the cluster gave other bytes'
        count = len(local)
        rate = {name: count / statistics.median(values) for name, values in seconds.items()}
        load = os.getloadavg()
        print(f'{options.releases} releases, {count} PDFs, {os.cpu_count()} cores, load average {load[0]:.1f} '
              f'{load[1]:.1f} {load[2]:.1f}, median of {options.runs} (same bytes both ways):')
        print(f'  local workers (PdfWorkers), whole render   {rate["local"]:5.2f} PDFs/s'
              f'  ({statistics.median(seconds["local"]):5.1f} s)')
        print(f'  LocalCluster, 2 worker processes            {rate["cluster"]:5.2f} PDFs/s'
              f'  ({statistics.median(seconds["cluster"]):5.1f} s)')
        print(f'  cluster against local                       {rate["cluster"] / rate["local"]:5.2f}x throughput')


if __name__ == '__main__':
    main()
