"""Speed of catalog updates and status over a large workspace, against GNU msgmerge.

    .venv/bin/python benchmarks/catalogs.py [--releases 200] [--runs 3]

Builds a workspace of copies of the two samples, each with its own id and a
third language (Japanese, its names copied from English) so that every
release has two catalogs to update. Then measures, as medians of whole
processes:

- ``publisher update`` over all of them, against GNU ``msgmerge --previous``
  run on the same .pot/.po pairs (what a project would script otherwise),
  once with nothing to change and once after every record changed a string;
- ``publisher status`` over all of them.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = {'mois-asean-corps-2019': ('en', 'ko'), 'mois-roundtable-busan-2019': ('ko', 'en')}
PUBLISHER = [sys.executable, '-m', 'publisher']


def build_workspace(root: Path, releases: int) -> list[tuple[Path, Path]]:
    """Copies of the samples; return the (.po, .pot) pairs of their catalogs."""
    pairs = []
    for index in range(releases):
        sample = list(SAMPLES)[index % len(SAMPLES)]
        source, translated = SAMPLES[sample]
        release_id = f'{sample}-copy-{index:03}'
        folder = root / 'samples' / release_id
        shutil.copytree(ROOT / 'samples' / sample, folder)
        record = yaml.safe_load((folder / 'release.yaml').read_text())
        record['id'] = release_id
        record['languages'] = record['languages'] + ['ja']
        _add_japanese(record)
        (folder / 'release.yaml').write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False))
        catalog = (ROOT / 'locales' / translated / 'LC_MESSAGES' / f'{sample}.po').read_text()
        for language in (translated, 'ja'):
            path = root / 'locales' / language / 'LC_MESSAGES' / f'{release_id}.po'
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(catalog.replace(f'Language: {translated}\\n', f'Language: {language}\\n')
                            .replace(f'Project-Id-Version: {sample}', f'Project-Id-Version: {release_id}'))
            pairs.append((path, root / 'locales' / f'{release_id}.pot'))
    for language in ('ko', 'ja'):
        path = root / 'locales' / language / 'LC_MESSAGES' / 'publisher.po'
        shutil.copy(ROOT / 'locales' / 'ko' / 'LC_MESSAGES' / 'publisher.po', path)
        pairs.append((path, root / 'locales' / 'publisher.pot'))
    return pairs


def _add_japanese(value):
    if isinstance(value, dict):
        if 'en' in value and 'ko' in value and isinstance(value['en'], str):
            value['ja'] = value['en']
        for item in value.values():
            _add_japanese(item)
    elif isinstance(value, list):
        for item in value:
            _add_japanese(item)


def timed(command, cwd):
    """Seconds of ``command``; its report and its progress lines (stderr when not on a terminal) discarded."""
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def msgmerge_all(pairs, out: Path):
    start = time.perf_counter()
    for index, (po, pot) in enumerate(pairs):
        subprocess.run(['msgmerge', '--quiet', '--previous', '-o', str(out / f'{index}.po'), str(po), str(pot)],
                       check=True)
    return time.perf_counter() - start


def change_every_record(root: Path):
    for record in (root / 'samples').glob('*/release.yaml'):
        text = record.read_text()
        record.write_text(text.replace('Previous Events', 'Past Events').replace('보도자료', '보도 자료'))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--releases', type=int, default=200)
    parser.add_argument('--runs', type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary) / 'workspace'
        pairs = build_workspace(root, options.releases)
        subprocess.run(PUBLISHER + ['update', *_folders(root)], cwd=root, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)  # catalogs in our layout, as after a first update
        subprocess.run(PUBLISHER + ['extract', *_folders(root)], cwd=root, check=True, stdout=subprocess.DEVNULL)
        out = Path(temporary) / 'msgmerge'
        out.mkdir()
        print(f'{options.releases} releases, {len(pairs)} catalogs; median of {options.runs} runs')

        unchanged = [(timed(PUBLISHER + ['update', *_folders(root)], root), msgmerge_all(pairs, out))
                     for _ in range(options.runs)]  # alternated, so both see the same machine
        ours, gnu = (statistics.median(values) for values in zip(*unchanged))
        print(f'  update, nothing to change:   publisher {ours:6.2f} s / msgmerge --previous {gnu:6.2f} s'
              f' = {ours / gnu:4.2f}x  (target <= 1.0x)')

        changed = []
        for _ in range(options.runs):
            work = Path(temporary) / 'changed'
            shutil.copytree(root, work)
            change_every_record(work)
            subprocess.run(PUBLISHER + ['extract', *_folders(work)], cwd=work, check=True, stdout=subprocess.DEVNULL)
            work_pairs = [(work / po.relative_to(root), work / pot.relative_to(root)) for po, pot in pairs]
            gnu_changed = msgmerge_all(work_pairs, out)
            changed.append((timed(PUBLISHER + ['update', *_folders(work)], work), gnu_changed))
            shutil.rmtree(work)
        ours, gnu = (statistics.median(values) for values in zip(*changed))
        print(f'  update, one string changed:  publisher {ours:6.2f} s / msgmerge --previous {gnu:6.2f} s'
              f' = {ours / gnu:4.2f}x  (target <= 0.6x)')

        status = statistics.median(timed(PUBLISHER + ['status', *_folders(root)], root) for _ in range(options.runs))
        print(f'  status over all of them:     {status:6.2f} s  (target < 1 s)')


def _folders(root):
    return [str(path) for path in sorted((root / 'samples').iterdir())]


if __name__ == '__main__':
    main()
