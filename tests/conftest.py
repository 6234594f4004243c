"""Fixtures: the sample workspace, copied so tests can break it, and its renders."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = 'mois-asean-corps-2019'
KOREAN_FIRST = 'mois-roundtable-busan-2019'


@pytest.fixture
def workspace(tmp_path):
    """A copy of the repository's workspace (samples, locales, glossary), to edit freely."""
    for name in ('samples', 'locales'):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / 'glossary.yaml', tmp_path / 'glossary.yaml')
    return tmp_path


def record_of(workspace, release_id):
    return workspace / 'samples' / release_id / 'release.yaml'


@pytest.fixture(scope='session')
def dist(tmp_path_factory):
    """Both samples rendered once, in every edition and format, as `make demo` does."""
    out = tmp_path_factory.mktemp('dist')
    result = CliRunner().invoke(main, ['render', str(ROOT / 'samples' / SEED),
                                       str(ROOT / 'samples' / KOREAN_FIRST), '--out', str(out)])
    assert result.exit_code == 0, result.output
    return out


def run(*command, **options):
    return subprocess.run(command, check=True, capture_output=True, text=True, **options).stdout


def pdftotext(path, *options):
    return run('pdftotext', *options, str(path), '-')


def words(text):
    return re.sub(r'\s+', ' ', text).strip()


def hangul_words(text):
    """Whitespace-separated tokens holding Hangul, stripped of surrounding punctuation."""
    found = set()
    for token in text.split():
        if re.search(r'[\uac00-\ud7a3]', token):
            found.add(token)
    return found
