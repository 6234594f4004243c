"""A wheel installed away from the repository still finds its templates, translations and fonts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import KOREAN_FIRST, ROOT, pdftotext, words

#: One test process runs the whole module (the wheel is built once); see conftest.py.
pytestmark = pytest.mark.xdist_group('test_package')


@pytest.fixture(scope='module')
def installed(tmp_path_factory):
    """The wheel unpacked into a folder of its own, ahead of the editable checkout."""
    folder = tmp_path_factory.mktemp('wheel')
    subprocess.run([sys.executable, '-m', 'pip', 'wheel', '--quiet', '--no-deps', '--wheel-dir', str(folder), str(ROOT)],
                   check=True)
    [wheel] = folder.glob('publisher-*.whl')
    target = folder / 'site'
    zipfile.ZipFile(wheel).extractall(target)
    return target


def test_the_wheel_carries_its_assets(installed):
    package = installed / 'publisher'
    assert (package / 'templates' / 'page.html').is_file()
    assert all((package / 'locales' / language / 'LC_MESSAGES' / 'publisher.po').is_file() for language in ('ko', 'th', 'my'))
    assert (package / 'fonts' / 'NanumGothic.ttf').is_file() and (package / 'fonts' / 'OFL.txt').is_file()


def test_the_installed_package_renders_a_workspace_elsewhere(installed, tmp_path):
    workspace = tmp_path / 'press-office'
    shutil.copytree(ROOT / 'samples' / KOREAN_FIRST, workspace / 'releases' / KOREAN_FIRST)
    catalog = f'en/LC_MESSAGES/{KOREAN_FIRST}.po'
    (workspace / 'locales' / 'en' / 'LC_MESSAGES').mkdir(parents=True)
    shutil.copy(ROOT / 'locales' / catalog, workspace / 'locales' / catalog)
    environment = {**os.environ, 'PYTHONPATH': str(installed)}
    where = subprocess.run([sys.executable, '-c', 'import publisher; print(publisher.__file__)'],
                           cwd=workspace, env=environment, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(installed))
    subprocess.run([sys.executable, '-m', 'publisher', 'render', f'releases/{KOREAN_FIRST}', '-l', 'ko', '-f', 'pdf'],
                   cwd=workspace, env=environment, check=True, capture_output=True)
    text = words(pdftotext(workspace / 'dist' / KOREAN_FIRST / f'{KOREAN_FIRST}.ko.pdf'))
    assert '보도자료' in text and re.search(r'\d+쪽 중 1쪽', text)  # page 1 of however many
