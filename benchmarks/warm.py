"""A day of renders with the user's warm PDF workers (render/warm.py), as ratios in one run.

    .venv/bin/python benchmarks/warm.py [--runs N]

``render <seed> -l ko -l en -l ko-en --force``, every format, with the warm
workers and their command process already running (the render is handed to
the command process, see handover.py), against one Chromium PDF of the
seed's print HTML (target <= 0.25x) and against the same render cold
(PUBLISHER_WARM=0), the commands interleaved run by run.  The warm CPU is
the render's and the service's (its workers, fork server, command process
and the copies it ran included), read from /proc before and after each
render; the service runs in a runtime folder of the benchmark's own and is
stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from run import PUBLISHER, SEED, load, print_html, report, run_measured


def tree_cpu(pid: int) -> float:
    """CPU seconds of ``pid`` and of every process under it, with the children they waited for."""
    ticks = os.sysconf('SC_CLK_TCK')
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f'/proc/{current}/stat').read_text().rpartition(')')[2].split()
            children = Path(f'/proc/{current}/task/{current}/children').read_text().split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
        pending += map(int, children)
    return total / ticks


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=7)
    runs = parser.parse_args().runs
    print(f'{os.cpu_count()} cores, load average {load()} at the start')
    with tempfile.TemporaryDirectory(dir='/tmp') as temporary:
        out = Path(temporary)
        (out / 'run').mkdir(mode=0o700)
        os.environ.update(XDG_RUNTIME_DIR=str(out / 'run'), PUBLISHER_WARM='10')
        html, _ = print_html(out)
        chromium = shutil.which('chromium') or '/usr/bin/chromium'
        render = PUBLISHER + ['render', str(SEED), '-l', 'ko', '-l', 'en', '-l', 'ko-en', '--force']
        subprocess.run(render + ['--out', str(out / 'first')], check=True, stdout=subprocess.DEVNULL)  # starts it
        from publisher.render import warm
        path, = warm.services()
        service = warm.ask(path, ('status',), 10)['pid']
        commands = path.with_name('cmd-' + path.name.removeprefix('pdf-'))
        while not commands.exists():  # the command process warms up once the first render is done
            time.sleep(0.05)
        measured = {'warm': [], 'cold': [], 'chromium': []}
        try:
            for _ in range(runs):
                before = tree_cpu(service)
                wall, cpu = run_measured(render + ['--out', str(out / 'warm')])
                measured['warm'].append((wall, cpu + tree_cpu(service) - before))
                os.environ['PUBLISHER_WARM'] = '0'
                measured['cold'].append(run_measured(render + ['--out', str(out / 'cold')]))
                os.environ['PUBLISHER_WARM'] = '10'
                measured['chromium'].append(run_measured(
                    [chromium, '--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer',
                     f'--print-to-pdf={out / "chromium.pdf"}', html.as_uri()]))
        finally:
            warm.stop(path)
        same = all((out / 'warm' / SEED.name / name).read_bytes() == (out / 'cold' / SEED.name / name).read_bytes()
                   for name in os.listdir(out / 'cold' / SEED.name) if name.endswith('.pdf'))
        medians = {name: (statistics.median(wall for wall, _ in values), statistics.median(cpu for _, cpu in values))
                   for name, values in measured.items()}
        print(f'The seed -l ko -l en -l ko-en, every format, --force, warm PDF workers running, median of {runs} '
              f'(load {load()}); CPU of every process, the service\'s and Chromium\'s helpers included:')
        for index, kind in enumerate(('wall', 'CPU')):
            report(f'  warm render  vs  one Chromium PDF, {kind}', medians['warm'][index], medians['chromium'][index],
                   0.25)
        for index, kind in enumerate(('wall', 'CPU')):
            report(f'  warm render  vs  the same render cold, {kind}', medians['warm'][index], medians['cold'][index],
                   1.0)
        print(f'  warm PDFs the same bytes as cold ones: {"yes" if same else "NO"}')


if __name__ == '__main__':
    main()
