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


@pytest.fixture(scope='session')
def draft_render(tmp_path_factory):
    """The English draft of the Korean-first release, HTML and PDF, rendered once: its title and lead
    are machine drafts (fuzzy) and its second paragraph is not translated yet."""
    root = tmp_path_factory.mktemp('draft')
    for name in ('samples', 'locales'):
        shutil.copytree(ROOT / name, root / name)
    path = root / 'locales' / 'en' / 'LC_MESSAGES' / f'{KOREAN_FIRST}.po'
    text = path.read_text()
    text = text.replace('#, python-brace-format\nmsgctxt "title"', '#, fuzzy, python-brace-format\nmsgctxt "title"', 1)
    text = text.replace('#. lead: the opening paragraph\n', '#. lead: the opening paragraph\n#. machine draft: libre, 2026-11-30\n', 1)
    lead = text.index('#. lead: the opening paragraph')
    flags = text.index('#, python-brace-format', lead)
    text = text[:flags] + '#, fuzzy, python-brace-format' + text[flags + len('#, python-brace-format'):]
    start = text.index('msgstr', text.index('#. body[1]'))
    path.write_text(text[:start] + 'msgstr ""' + text[text.index('\n\n', start):])
    result = CliRunner().invoke(main, ['render', str(record_of(root, KOREAN_FIRST)), '-l', 'en', '--draft',
                                       '--out', str(root / 'dist')])
    assert result.exit_code == 0, result.output
    return root / 'dist' / KOREAN_FIRST


def editor_saves_while_writing(monkeypatch, path, old, new):
    """An editor saves ``path`` (``old`` replaced by ``new``) the moment our own new copy of it is
    synced, just before it would replace the file; return the list the save is noted in."""
    import os
    real_fsync, saves = os.fsync, []

    def fsync_then_save(handle):
        real_fsync(handle)
        if os.path.basename(os.readlink(f'/proc/self/fd/{handle}')).startswith(f'.{path.name}.') and not saves:
            saved = path.with_name('.editor-save')
            saved.write_text(path.read_text().replace(old, new))
            os.rename(saved, path)
            saves.append(handle)

    monkeypatch.setattr(os, 'fsync', fsync_then_save)
    return saves
