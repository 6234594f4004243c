"""A batch of many releases: publisher's warm workers against WeasyPrint's own loop and Chromium.

    .venv/bin/python benchmarks/batch.py [--releases 50] [--runs 1] [--chromium 6]

Builds a workspace of copies of the two samples (each with its own id and
catalogs), then measures, alternating the commands run by run:

- ``publisher render <all> -f pdf --force``, whole process (one warm worker
  per core), its wall time per PDF, and the peak memory of all its processes;
- a warm in-process loop of ``HTML(string=...).write_pdf(pdf_variant='pdf/ua-1')``
  over the same print HTML, one process (the practical limit of WeasyPrint
  on one core);
- Chromium ``--print-to-pdf`` of the same print HTML, one PDF at a time, on
  the first ``--chromium`` of them.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import PUBLISHER, ROOT, tree_memory  # noqa: E402

SAMPLES = ['mois-asean-corps-2019', 'mois-roundtable-busan-2019']
CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'


def build_workspace(root: Path, releases: int) -> list[Path]:
    """Copies of the samples, each with its own id and catalogs; return their folders."""
    folders = []
    shutil.copytree(ROOT / 'locales', root / 'locales', ignore=shutil.ignore_patterns('mois-*'))
    for index in range(releases):
        sample = SAMPLES[index % len(SAMPLES)]
        release_id = f'{sample}-copy-{index:03}'
        folder = root / 'samples' / release_id
        shutil.copytree(ROOT / 'samples' / sample, folder)
        record = folder / 'release.yaml'
        record.write_text(record.read_text().replace(f'id: {sample}', f'id: {release_id}', 1))
        for catalog in (ROOT / 'locales').glob(f'*/LC_MESSAGES/{sample}.po'):  # one per language it is in
            shutil.copy(catalog, root / catalog.relative_to(ROOT).with_name(f'{release_id}.po'))
        folders.append(folder)
    return folders


def print_htmls(folders: list[Path], out: Path) -> list[Path]:
    """The print HTML publisher gives WeasyPrint for every PDF of the batch, written to ``out``."""
    from publisher import load_record
    from publisher.build import choose_editions, localise_all
    from publisher.render.html import Media, render_page

    paths = []
    for folder in folders:
        release = load_record(folder / 'release.yaml')
        editions = choose_editions(release)
        localised = localise_all(release, editions)
        for edition in editions:
            html = render_page([localised[language] for language in edition], release.workspace, print=True,
                               media=Media.for_print())
            path = out / f'{release.id}.{"-".join(edition)}.html'
            path.write_text(html)
            paths.append(path)
    return paths


LOOP = '''
import sys, time
from pathlib import Path
import weasyprint
root, paths = Path(sys.argv[1]), sys.argv[2:]
start = time.perf_counter()
for path in paths:
    weasyprint.HTML(string=Path(path).read_text(), base_url=root.as_uri() + '/').write_pdf(pdf_variant='pdf/ua-1')
print(time.perf_counter() - start)
'''


def cpu_seconds() -> float:
    """CPU time (user and system) of every child process waited for so far, theirs included."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def with_cpu(measure, *arguments, **options):
    """``measure``'s result and the CPU seconds its processes used."""
    before = cpu_seconds()
    result = measure(*arguments, **options)
    return result, cpu_seconds() - before


def weasyprint_loop(root: Path, htmls: list[Path]) -> tuple[float, float]:
    """Wall and CPU seconds per PDF of a warm in-process loop: a loop over every page after a first
    one, less the same process rendering the first page alone (its import and warm-up)."""
    def loop(pages):
        result, used = with_cpu(subprocess.run, [sys.executable, '-c', LOOP, str(root), *map(str, pages)],
                                capture_output=True, text=True, check=True)
        return float(result.stdout), used

    (wall, cpu), (first_wall, first_cpu) = loop([htmls[0], *htmls]), loop([htmls[0]])
    return (wall - first_wall) / len(htmls), (cpu - first_cpu) / len(htmls)


def chromium(htmls: list[Path], out: Path) -> float:
    """Seconds per PDF of Chromium printing each page, one process at a time."""
    start = time.perf_counter()
    for index, html in enumerate(htmls):
        subprocess.run([CHROMIUM, '--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer',
                        f'--print-to-pdf={out / f"chromium-{index}.pdf"}', html.as_uri()],
                       check=True, capture_output=True)
    return (time.perf_counter() - start) / len(htmls)


def publisher_batch(root: Path, out: Path) -> tuple[float, float, float]:
    """Wall seconds of the whole batch, and the peak memory (MB) of its largest process and of all together."""
    start = time.perf_counter()
    largest, together, _ = tree_memory(PUBLISHER + ['render', str(root / 'samples'), '-f', 'pdf', '--force',
                                                 '--out', str(out)], cwd=root)
    return time.perf_counter() - start, largest, together


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--releases', type=int, default=50)
    parser.add_argument('--runs', type=int, default=1)
    parser.add_argument('--chromium', type=int, default=6, help='how many PDFs Chromium prints, one at a time')
    options = parser.parse_args()
    os.environ['PUBLISHER_WARM'] = '0'  # cold renders, each with workers of its own (see warm.py)
    cores = os.cpu_count()
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        folders = build_workspace(root, options.releases)
        htmls = print_htmls(folders, Path(temporary))
        pdfs = len(htmls)
        times = {'publisher': [], 'loop': [], 'chromium': []}
        cpu = {'publisher': [], 'loop': [], 'chromium': []}
        memory = []
        for _ in range(options.runs):
            (wall, largest, together), used = with_cpu(publisher_batch, root, root / 'dist')
            times['publisher'].append(wall / pdfs)
            cpu['publisher'].append(used / pdfs)
            memory.append((largest, together))
            loop, used = weasyprint_loop(root, htmls)
            times['loop'].append(loop)
            cpu['loop'].append(used)
            printed, used = with_cpu(chromium, htmls[:options.chromium], root)
            times['chromium'].append(printed)
            cpu['chromium'].append(used / options.chromium)
        per_pdf = {name: statistics.median(values) for name, values in times.items()}
        cpu_per_pdf = {name: statistics.median(values) for name, values in cpu.items()}
        load = os.getloadavg()
        print(f'{options.releases} releases, {pdfs} PDFs, {cores} cores, load average {load[0]:.1f} '
              f'{load[1]:.1f} {load[2]:.1f}, median of {options.runs}:')
        print(f'  publisher render -f pdf, wall per PDF              {per_pdf["publisher"]:6.3f} s'
              f'  (batch {per_pdf["publisher"] * pdfs:5.1f} s)')
        print(f'  WeasyPrint warm loop, one process, per PDF          {per_pdf["loop"]:6.3f} s')
        print(f'  Chromium one at a time, per PDF ({options.chromium} PDFs)          {per_pdf["chromium"]:6.3f} s')
        print(f'  CPU per PDF: publisher {cpu_per_pdf["publisher"]:.3f} s (all processes, start-up included), '
              f'WeasyPrint loop {cpu_per_pdf["loop"]:.3f} s (warm), Chromium {cpu_per_pdf["chromium"]:.3f} s')
        print(f'  CPU per PDF against the loop                        {cpu_per_pdf["publisher"] / cpu_per_pdf["loop"]:6.2f}x'
              '  (what the per-core ratio tends to on an idle machine)')
        speedup = per_pdf['chromium'] / per_pdf['publisher']
        per_core = per_pdf['publisher'] * cores / per_pdf['loop']
        print(f'  faster than Chromium                                {speedup:6.2f}x  (target >= 5x) '
              f'{"ok" if speedup >= 5 else "UNDER TARGET"}')
        print(f'  per PDF per core against the loop                   {per_core:6.2f}x  (target <= 1.2x) '
              f'{"ok" if per_core <= 1.2 else "OVER TARGET"}')
        largest, together = max(memory, key=lambda pair: pair[1])
        print(f'  peak memory: largest process {largest:.0f} MB, all processes together {together:.0f} MB'
              f'  (target < 400 MB) {"ok" if together < 400 else "OVER TARGET"}')


if __name__ == '__main__':
    main()
