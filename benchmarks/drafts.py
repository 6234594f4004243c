"""Speed of machine drafts against a LibreTranslate server on loopback.

    .venv/bin/python benchmarks/drafts.py [--entries 500] [--latency 0.05]

A release with ENTRIES paragraphs is drafted into Korean by ``publisher
translate`` (whole process, default 4 requests at once), against
deep-translator's own ``translate_batch`` on the same texts (whole process),
both talking to the same server answering after LATENCY seconds. Then the
same drafts again, served from the cache. Last, the 42 strings of the
ministry's release of the tests (tests/ministry: titles, addresses, a
paragraph of 1,841 characters) drafted into English through the
LibreTranslate server (limit 1,000 characters) and the MyMemory one (500
bytes), against translate_batch of its strings (as many as deep-translator
takes whole) on the same server.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / 'tests'))

from libretranslate import LibreTranslate  # noqa: E402
from mymemory import MyMemory  # noqa: E402

SEED = 'mois-asean-corps-2019'
MINISTRY = 'mois-asean-innovation-2019'
BATCH = '''
import sys
from deep_translator import LibreTranslator
texts = sys.stdin.read().split('\\x1e')
source, target = sys.argv[2:4] if len(sys.argv) > 2 else ('en', 'ko')
LibreTranslator(source=source, target=target, api_key='none', custom_url=sys.argv[1]).translate_batch(texts)
'''


def workspace_with(root: Path, entries: int) -> list[str]:
    """A workspace whose release has ``entries`` paragraphs; return their texts."""
    folder = root / 'samples' / SEED
    shutil.copytree(ROOT / 'samples' / SEED, folder)
    record = yaml.safe_load((folder / 'release.yaml').read_text())
    # Distinct sentences: numbers are masked, so they must differ in words.
    texts = [f'The delegation discussed cooperation on {_words(index)} with ASEAN partners.'
             for index in range(entries - 2)]
    record['body'] = texts
    record['photos'] = []
    record['breadcrumb'] = []
    (folder / 'release.yaml').write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False))
    (root / 'locales').mkdir()
    return texts


def _words(index):
    topics = ('disaster management', 'local autonomy', 'personnel reform', 'intelligent transport',
              'civil petitions', 'e-government', 'public safety', 'capacity building')
    places = ('Bangkok', 'Naypyitaw', 'Busan', 'Jakarta', 'Phnom Penh', 'Hanoi', 'Manila', 'Vientiane')
    years = ('this year', 'next year', 'the coming decade', 'the first phase', 'the pilot stage',
             'the second phase', 'the review', 'the final stage')
    return (f'{topics[index % 8]} in {places[index // 8 % 8]} for {years[index // 64 % 8]}'
            f'{" again" * (index // 512)}')


def run(command, cwd, environment, stdin=None):
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=environment, input=stdin, text=True, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--entries', type=int, default=500)
    parser.add_argument('--latency', type=float, default=0.05)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary, LibreTranslate(latency=options.latency) as server:
        root = Path(temporary)
        texts = workspace_with(root, options.entries)
        environment = {**os.environ, 'XDG_CACHE_HOME': str(root / 'cache')}
        translate = [sys.executable, '-m', 'publisher', 'translate', f'samples/{SEED}', '-l', 'ko',
                     '--provider-url', server.url]
        catalog = root / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'

        ours = run(translate, root, environment)
        drafted = catalog.read_text().count('machine draft: libre')
        requests = len(server.requests)
        batch = run([sys.executable, '-c', BATCH, server.url], root, environment, stdin='\x1e'.join(texts))

        catalog.unlink()  # the drafts again, from the cache
        before = len(server.requests)
        cached = run(translate, root, environment)
        assert len(server.requests) == before, 'the second run sent requests'

        first, again = drafting_stage(texts, server.url, root / 'stage-cache')
        print(f'{drafted} entries drafted with {requests} requests, server latency {options.latency * 1000:.0f} ms:')
        print(f'  publisher translate (4 at once)  {ours:6.2f} s  vs  deep-translator translate_batch '
              f'{batch:6.2f} s: {batch / ours:5.1f}x faster  (target >= 3x)')
        print(f'  again, from the cache             {cached:6.2f} s: {ours / cached:5.1f}x faster than the first run'
              f'  (target >= 50x)')
        print(f'  the drafting stage alone, in one process: {first:6.2f} s, from the cache {again:6.3f} s: '
              f'{first / again:5.0f}x faster')
    ministry(options.latency)


def ministry(latency):
    """The ministry's release of the tests drafted into English through both protocols."""
    from publisher.catalogs.pofile import read_po

    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        shutil.copytree(ROOT / 'tests' / 'ministry', root / 'samples' / MINISTRY)
        shutil.copy(ROOT / 'glossary.yaml', root / 'glossary.yaml')
        (root / 'locales').mkdir()
        environment = {**os.environ, 'XDG_CACHE_HOME': str(root / 'cache')}
        subprocess.run([sys.executable, '-m', 'publisher', 'update', f'samples/{MINISTRY}', '-l', 'en'], cwd=root,
                       env=environment, check=True, capture_output=True)
        catalog = root / 'locales' / 'en' / 'LC_MESSAGES' / f'{MINISTRY}.po'
        empty = catalog.read_bytes()
        texts = [entry.msgid for entry in read_po(catalog).entries]
        print(f'The ministry\'s release, {len(texts)} strings into English, server latency {latency * 1000:.0f} ms:')
        for name, server in (('libre', LibreTranslate(latency=latency, char_limit=1000)),
                             ('mymemory', MyMemory(latency=latency))):
            with server:
                catalog.write_bytes(empty)
                start = time.perf_counter()
                result = subprocess.run([sys.executable, '-m', 'publisher', 'translate', f'samples/{MINISTRY}', '-l',
                                         'en', '--provider', name, '--provider-url', server.url], cwd=root,
                                        env=environment, capture_output=True, text=True)
                took = time.perf_counter() - start
                drafted = result.stdout.split(' empty entries')[0]
                line = (f'  publisher translate --provider {name:8} {took:6.2f} s, {len(server.requests)} requests, '
                        f'{drafted} drafted')
                if name == 'libre':
                    batch = run([sys.executable, '-c', BATCH, server.url, 'ko', 'en'], root, environment,
                                stdin='\x1e'.join(text for text in texts if len(text) <= 1000))
                    line += f'  vs  translate_batch {batch:6.2f} s: {batch / took:4.1f}x faster'
                print(line)


def drafting_stage(texts, url, cache_folder):
    """The drafts of ``texts`` made in this process, from the server and then from the cache."""
    from publisher.drafts.drafting import Cache, Drafter
    from publisher.drafts.glossary import Glossary
    from publisher.catalogs.pofile import Entry
    from publisher.drafts.providers import PROVIDERS

    cache_folder.mkdir()
    drafter = Drafter(PROVIDERS['libre'], 'en', 'ko', Glossary(), Cache(cache_folder / 'drafts.sqlite3'), url=url)
    entries = [Entry(msgid=text) for text in texts]
    times = []
    for _ in range(2):
        start = time.perf_counter()
        drafter.draft(entries, lambda drafts: None)
        times.append(time.perf_counter() - start)
    return times


if __name__ == '__main__':
    main()
