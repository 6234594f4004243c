"""Speed and memory of publisher, as ratios against references measured in the same run.

    make benchmark          (or: .venv/bin/python benchmarks/run.py [--runs N])

Each command is run as a whole process, alternating with its reference so both
see the same machine; the median of the runs is compared.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / 'samples' / 'mois-asean-corps-2019'
PYTHON = sys.executable
PUBLISHER = [PYTHON, '-m', 'publisher']
WEASYPRINT = str(Path(PYTHON).parent / 'weasyprint')


def run(command):
    """Wall time (s) of one whole process."""
    return run_measured(command)[0]


#: cgroup v1's CPU accounting, where this user may make groups: the CPU of a command and of every process it
#: starts, whether or not it waits for them (Chromium's helpers, publisher's fork server and its workers).
CPUACCT = Path('/sys/fs/cgroup/cpuacct')


def run_measured(command):
    """Wall time (s) of one whole process, and the CPU time (s) of it and of every process it started
    (in a cgroup of its own; where none can be made, of the children it waited for)."""
    import resource
    import uuid

    group = CPUACCT / f'publisher-benchmark-{uuid.uuid4().hex[:12]}'
    try:
        group.mkdir()
    except OSError:
        group = None
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        start = time.perf_counter()
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT,
                                preexec_fn=group and (lambda: (group / 'cgroup.procs').write_text(str(os.getpid()))))
        elapsed = time.perf_counter() - start
        if result.returncode:
            sys.exit(f'{" ".join(command)} failed: {result.stderr.decode()}')
        if group is None:
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            return elapsed, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        while (group / 'cgroup.procs').read_text().strip():  # processes it left behind end first
            time.sleep(0.01)
        return elapsed, int((group / 'cpuacct.usage').read_text()) / 1e9
    finally:
        if group is not None:
            group.rmdir()


def median_measures(commands, runs):
    """Median wall and CPU times of each command, the commands interleaved run by run."""
    measured = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            measured[name].append(run_measured(command))
    return {name: (statistics.median(wall for wall, _ in values), statistics.median(cpu for _, cpu in values))
            for name, values in measured.items()}


def load() -> str:
    return ' '.join(f'{value:.1f}' for value in os.getloadavg())


def tree_memory(command, cwd=ROOT):
    """Peak memory (MB) of a command and the worker processes it starts, sampled from /proc every 5 ms.

    Returns the peak resident set of the largest single process; the peaks of
    all of them summed, which counts a page shared by forked processes (the
    libraries and fonts a fork server loaded before forking its workers) once
    in each; and the peak of their proportional set sizes summed, which
    counts such a page once in all: the memory they take together.
    """
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=cwd)
    largest = together = proportional = 0
    while process.poll() is None:
        pids = _tree(process.pid)
        sizes = [_resident(pid) for pid in pids]
        largest, together = max(largest, *sizes, 0), max(together, sum(sizes))
        proportional = max(proportional, sum(map(_proportional, pids)))
        time.sleep(0.005)
    if process.returncode:
        sys.exit(f'{" ".join(command)} failed')
    return largest / 1024, together / 1024, proportional / 1024


def _tree(root):
    parents = {}
    for entry in Path('/proc').iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / 'stat').read_text().rsplit(')', 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    found, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def _resident(pid):
    """VmHWM: the process's own peak resident set, in kB."""
    return _kilobytes(pid, 'status', 'VmHWM:')


def _proportional(pid):
    """Pss: the process's resident set now, each page shared with other processes divided among them, in kB."""
    return _kilobytes(pid, 'smaps_rollup', 'Pss:')


def _kilobytes(pid, file, field):
    """The kB that /proc/<pid>/<file> gives for ``field``; 0 for a process gone."""
    try:
        for line in Path(f'/proc/{pid}/{file}').read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def median_times(commands, runs):
    """Median wall time of each command, the commands interleaved run by run."""
    times = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(run(command))
    return {name: statistics.median(values) for name, values in times.items()}


def print_html(out: Path) -> tuple[Path, list[Path]]:
    """The print HTML that publisher hands to WeasyPrint for the seed's bilingual PDF, and the files it links."""
    from publisher import load_record
    from publisher.build import localise_all
    from publisher.render.html import Media, render_page

    release = load_record(SEED / 'release.yaml')
    localised = localise_all(release, [('ko', 'en')])
    media = Media.for_print()
    html = render_page([localised['ko'], localised['en']], release.workspace, print=True, media=media)
    path = out / 'seed.ko-en.print.html'
    path.write_text(html)
    return path, sorted(media.read)


def cost_per_page(out: Path, runs: int):
    """Seconds each extra page costs: the seed in English, and the same made long by repetition."""
    import shutil

    import yaml
    from pypdf import PdfReader

    from publisher import load_record
    from publisher.build import localise_all
    from publisher.render.html import Media, render_page
    from publisher.render.pdf import render_pdf

    long_folder = out / 'long' / 'samples' / SEED.name
    shutil.copytree(SEED, long_folder)
    shutil.copytree(ROOT / 'locales', out / 'long' / 'locales')
    record = yaml.safe_load((long_folder / 'release.yaml').read_text())
    record['body'] = record['body'][:-1] * 20 + record['body'][-1:]
    (long_folder / 'release.yaml').write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False))
    results = []
    for path in (SEED / 'release.yaml', long_folder / 'release.yaml'):
        release = load_record(path)
        localised = localise_all(release, [('en',)])['en']
        media = Media.for_print()
        html = render_page([localised], release.workspace, print=True, media=media)
        render_pdf(html, release.workspace, source=path, files=media.read)  # warm
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            pdf = render_pdf(html, release.workspace, source=path, files=media.read)
            times.append(time.perf_counter() - start)
        (out / 'pages.pdf').write_bytes(pdf)
        results.append((statistics.median(times), len(PdfReader(out / 'pages.pdf').pages)))
    (short_time, short_pages), (long_time, long_pages) = results
    return (long_time - short_time) / (long_pages - short_pages), short_pages, long_pages


def tagging_cost(html: Path, files: list[Path], runs: int):
    """Median render time of ``html``: as publisher renders it (tagged PDF/UA-1, with its own
    language and artifact marking), and untagged by WeasyPrint alone, in this process."""
    import weasyprint

    from publisher.render.pdf import _workspace_fetcher, render_pdf
    from publisher.workspace import PACKAGE, Workspace

    fetcher = _workspace_fetcher(weasyprint, (ROOT, PACKAGE), files)
    workspace = Workspace(ROOT)
    renders = {
        'tagged': lambda: render_pdf(html.read_text(), workspace, source=html, files=files),
        'untagged': lambda: weasyprint.HTML(string=html.read_text(), base_url=ROOT.as_uri() + '/',
                                            url_fetcher=fetcher).write_pdf(),
    }
    times = {name: [] for name in renders}
    for render in renders.values():
        render()  # warm the caches once
    for _ in range(runs):
        for name, render in renders.items():
            start = time.perf_counter()
            render()
            times[name].append(time.perf_counter() - start)
    return statistics.median(times['tagged']), statistics.median(times['untagged'])


def scripts(out: Path, runs: int):
    """The seed's Thai and Burmese PDFs (their own fonts, complex shaping, dictionary line breaking)
    against its English one, whole processes interleaved."""
    times = median_times({language: PUBLISHER + ['render', str(SEED), '-l', language, '-f', 'pdf',
                                                 '--force', '--out', str(out / 'scripts')]
                          for language in ('en', 'th', 'my')}, runs)
    print(f'Scripts: the seed in one language, whole process, median of {runs} runs:')
    report('  publisher render -l th -f pdf  vs  -l en', times['th'], times['en'], 1.25)
    report('  publisher render -l my -f pdf  vs  -l en', times['my'], times['en'], 1.25)


def report(label, value, reference, target, unit='s'):
    ratio = value / reference
    verdict = 'ok' if ratio <= target else 'OVER TARGET'
    shown = (lambda amount: f'{amount:7.3f} s') if unit == 's' else (lambda amount: f'{amount / 1000:7.1f} KB')
    print(f'{label:<58} {shown(value)} / {shown(reference)} = {ratio:5.2f}x  (target <= {target:.2f}x) {verdict}')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=7)
    runs = parser.parse_args().runs
    os.environ['PUBLISHER_WARM'] = '0'  # cold: every run imports WeasyPrint (warm.py measures the warm workers)
    print(f'{os.cpu_count()} cores, load average {" ".join(f"{value:.1f}" for value in os.getloadavg())} at the start')
    # As installed packages are: pip compiles them when it installs them, but a checkout run with
    # PYTHONDONTWRITEBYTECODE set would compile publisher's modules again in every process measured.
    subprocess.run([PYTHON, '-m', 'compileall', '-q', str(ROOT / 'publisher')], check=True)
    with tempfile.TemporaryDirectory() as temporary:
        out = Path(temporary)
        html, linked = print_html(out)
        measures = median_measures({
            'publisher': PUBLISHER + ['render', str(SEED), '-l', 'ko-en', '-f', 'pdf', '--force', '--out', str(out / 'dist')],
            # publisher writes tagged PDF/UA-1: so does the reference.
            'weasyprint': [WEASYPRINT, '--pdf-variant', 'pdf/ua-1', str(html), str(out / 'reference.pdf')],
        }, runs)
        print(f'Seed bilingual PDF, whole process, median of {runs} runs (load {load()}):')
        report('  render -l ko-en -f pdf  vs  weasyprint on its HTML, wall',
               measures['publisher'][0], measures['weasyprint'][0], 1.0)
        report('  render -l ko-en -f pdf  vs  weasyprint on its HTML, CPU (all processes)',
               measures['publisher'][1], measures['weasyprint'][1], 1.0)
        folder = out / 'dist' / SEED.name
        subprocess.run(PUBLISHER + ['render', str(SEED), '-l', 'ko', '-l', 'en', '-f', 'pdf', '--out', str(out / 'dist')],
                       check=True, stdout=subprocess.DEVNULL)
        parts = sum((folder / f'{SEED.name}.{language}.pdf').stat().st_size for language in ('ko', 'en'))
        report('  bilingual PDF size  vs  its languages\' PDFs together', (folder / f'{SEED.name}.ko-en.pdf').stat().st_size,
               parts, 0.75, unit='B')

        times = median_times({
            'help': PUBLISHER + ['--help'],
            'check': PUBLISHER + ['check', *map(str, sorted((ROOT / 'samples').iterdir()))],
            'import': [PYTHON, '-c', 'import weasyprint'],
        }, runs)
        print('Commands that must not load WeasyPrint:')
        report('  publisher --help  vs  python -c "import weasyprint"', times['help'], times['import'], 0.5)
        report('  publisher check samples/*  vs  python -c "import weasyprint"', times['check'], times['import'], 0.5)

        samples = [str(path) for path in sorted((ROOT / 'samples').iterdir())]
        subprocess.run(PUBLISHER + ['render', *samples, '--out', str(out / 'again')], check=True,
                       stdout=subprocess.DEVNULL)
        times = median_times({
            'again': PUBLISHER + ['render', *samples, '--out', str(out / 'again')],
            'pass': [PYTHON, '-c', 'pass'],
        }, runs)
        print('Nothing changed since the last render:')
        print(f'  publisher render samples/* again, whole process       {times["again"]:7.3f} s  (target <= 0.3 s)'
              f' {"ok" if times["again"] <= 0.3 else "OVER TARGET"}; python -c pass {times["pass"]:.3f} s')

        chromium = shutil.which('chromium') or '/usr/bin/chromium'
        measures = median_measures({
            'three': PUBLISHER + ['render', str(SEED), '-l', 'ko', '-l', 'en', '-l', 'ko-en', '--force',
                                  '--out', str(out / 'three')],
            'all': PUBLISHER + ['render', str(SEED), '--force', '--out', str(out / 'seed')],
            'chromium': [chromium, '--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer',
                         f'--print-to-pdf={out / "chromium.pdf"}', html.as_uri()],
        }, runs)
        print(f'The seed, every format (HTML, PDF, HWPX), --force, median of {runs} (load {load()}); '
              'CPU of every process, Chromium\'s helpers included:')
        for name, label, target in (('three', '-l ko -l en -l ko-en', 1.0), ('all', '(5 editions: ko en th my ko-en)', 1.3)):
            report(f'  render <seed> {label}  vs  one Chromium PDF, wall', measures[name][0], measures['chromium'][0],
                   target)
            report(f'  render <seed> {label}  vs  one Chromium PDF, CPU', measures[name][1], measures['chromium'][1],
                   target)

        tagged, untagged = tagging_cost(html, linked, runs * 3)
        print(f'Tagging (PDF/UA-1, the default), the seed bilingual PDF rendered in one process, median of {runs * 3}:')
        report('  tagged  vs  untagged', tagged, untagged, 1.15)

        per_page, short_pages, long_pages = cost_per_page(out, runs)
        print(f'Length: a long release ({long_pages} pages) against the seed in English ({short_pages} pages), one process:')
        print(f'  time per extra page                                     {per_page * 1000:7.1f} ms  (target <= 80 ms)'
              f' {"ok" if per_page <= 0.080 else "OVER TARGET"}')

        scripts(out, runs)

        largest, together, proportional = tree_memory(
            PUBLISHER + ['render', *map(str, sorted((ROOT / 'samples').iterdir())), '--out', str(out / 'all')])
        size = (out / 'dist' / SEED.name / f'{SEED.name}.ko-en.pdf').stat().st_size
        print('Memory and size, rendering every sample with one command:')
        print(f'  peak memory of the largest process                       {largest:7.1f} MB  (target < 300 MB)'
              f' {"ok" if largest < 300 else "OVER TARGET"}')
        print(f'  peak memory of all its processes together (Pss)          {proportional:7.1f} MB  (target < 300 MB)'
              f' {"ok" if proportional < 300 else "OVER TARGET"}')
        print(f'  their peaks summed, shared pages counted in each         {together:7.1f} MB')
        print(f'  seed bilingual PDF                                       {size / 1000:7.1f} KB  (target < 600 KB)'
              f' {"ok" if size < 600_000 else "OVER TARGET"}')


if __name__ == '__main__':
    main()
