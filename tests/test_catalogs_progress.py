"""status, check and render agree on what is left to review, on a fresh workspace taken through the README's tour:
``status --fail-under 100`` passes exactly when ``render`` publishes without --draft, and the three count the
same strings."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.catalogs.pofile import read_po
from publisher.workspace import LOCALES

from libretranslate import LibreTranslate

#: One test process runs the whole module (the tour's workspaces are made once); see conftest.py.
pytestmark = pytest.mark.xdist_group('test_catalogs_progress')

RECORD = 'releases/example-release/release.yaml'
FOLDER = 'releases/example-release'
CATALOG = 'locales/en/LC_MESSAGES/example-release.po'


@pytest.fixture(scope='module')
def server():
    with LibreTranslate() as running:
        yield running


@pytest.fixture(scope='module')
def stages(tmp_path_factory, server):
    """The tour's workspaces, each made once by the commands a user runs: {stage: folder}. Tests edit copies."""
    root = tmp_path_factory.mktemp('tour')
    result = publisher(root, 'init', 'press')
    assert result.returncode == 0, result.stderr
    made = {'just made': root / 'press'}
    made['drafted'] = drafted(copied(made['just made'], root / 'drafted'), server)
    made['a string twice, drafted'] = drafted(with_a_string_twice(copied(made['just made'], root / 'twice')), server)
    return made


def copied(workspace, folder):
    shutil.copytree(workspace, folder, symlinks=True)
    return folder


@pytest.fixture
def tour(stages, tmp_path):
    """A copy of the workspace at one of the tour's stages, to edit freely."""
    return lambda stage: copied(stages[stage], tmp_path / 'press')


def publisher(folder, *args):
    environment = {**os.environ, 'XDG_CACHE_HOME': str(folder / '.cache')}
    return subprocess.run([sys.executable, '-m', 'publisher', *map(str, args)], cwd=folder, env=environment,
                          capture_output=True, text=True, timeout=120)


def drafted(workspace, server):
    result = publisher(workspace, 'translate', FOLDER, '--provider', 'libre', '--provider-url', server.url)
    assert result.returncode == 0, result.stderr
    return workspace


def reviewed(workspace, leave=0):
    """Every draft of the release's catalog accepted but the last ``leave``."""
    path = workspace / CATALOG
    po = read_po(path)
    fuzzy = [entry for entry in po.entries if entry.fuzzy]
    accepted = {id(entry) for entry in fuzzy[:len(fuzzy) - leave]}
    path.write_text(po.text_of(po.header, [entry.changed(flags=tuple(flag for flag in entry.flags if flag != 'fuzzy'))
                                           if id(entry) in accepted else entry for entry in po.entries]))
    return workspace


def without_own_template_catalog(workspace):
    """The workspace's own template catalog removed, as update never writes one: the package's is used."""
    (workspace / 'locales' / 'ko' / 'LC_MESSAGES' / 'publisher.po').unlink()
    return workspace


def with_a_string_twice(workspace):
    """The record's note given twice in its body: one string of the catalog, two places in the record."""
    record = workspace / RECORD
    note = re.search(r'^  - note: .+$', record.read_text(), re.M)[0]
    record.write_text(record.read_text().replace(note, f'{note}\n{note}', 1))
    assert publisher(workspace, 'update', FOLDER).returncode == 0
    return workspace


SCENARIOS = {
    'just made': lambda tour: tour('just made'),
    'drafted': lambda tour: tour('drafted'),
    'drafted, all reviewed': lambda tour: reviewed(tour('drafted')),
    'drafted, all reviewed but one': lambda tour: reviewed(tour('drafted'), leave=1),
    'reviewed, without its own template catalog': lambda tour: without_own_template_catalog(reviewed(tour('drafted'))),
    'reviewed, with a string twice in the record': lambda tour: reviewed(tour('a string twice, drafted')),
    'reviewed but one, with a string twice in the record':
        lambda tour: reviewed(tour('a string twice, drafted'), leave=1),
}


def not_reviewed(stderr: str) -> int:
    """How many strings a message of check or render says are not reviewed in English (0 when none)."""
    found = re.search(r'en: (\d+) strings? not reviewed', stderr)
    return int(found[1]) if found else 0


@pytest.mark.parametrize('scenario', SCENARIOS)
def test_status_check_and_render_agree_on_what_is_left_to_review(tour, scenario):
    workspace = SCENARIOS[scenario](tour)
    status = publisher(workspace, 'status', '--json')
    assert status.returncode == 0, status.stderr
    counted = json.loads(status.stdout)['releases'][0]['unreviewed'].get('en', 0)
    check = publisher(workspace, 'check')
    render = publisher(workspace, 'render', '-f', 'html')
    gate = publisher(workspace, 'status', '--fail-under', '100')
    assert not_reviewed(check.stderr) == counted
    assert not_reviewed(render.stderr) == counted
    assert (gate.returncode == 0) == (render.returncode == 0) == (counted == 0), (gate.stderr, render.stderr)


def test_a_string_twice_in_the_record_is_one_string_to_review(tour):
    workspace = reviewed(tour('a string twice, drafted'), leave=1)
    assert not_reviewed(publisher(workspace, 'check').stderr) == 1


def test_status_counts_the_template_catalog_that_render_reads(tour):
    workspace = without_own_template_catalog(tour('just made'))
    rows = json.loads(publisher(workspace, 'status', '--json').stdout)['catalogs']
    template, = [row for row in rows if row['domain'] == 'publisher']
    assert template['untranslated'] == 0
    assert Path(template['catalog']) == LOCALES / 'ko' / 'LC_MESSAGES' / 'publisher.po'  # the package's
