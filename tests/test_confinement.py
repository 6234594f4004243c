"""Nothing a record or a catalog holds makes publisher open a file outside the workspace and the package.

Each command runs as users run it, under ``strace -f`` (its PDF workers
too), with file names and URLs put where a press officer or a translator
can put text: prose, a msgstr, a photo's file, an attachment's file.  They
name bait outside the workspace (a secret file, a FIFO that would hang a
reader, a device that never ends, a symlink inside pointing out of it),
and no bait may be opened.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

pytestmark = pytest.mark.skipif(not Path('/usr/bin/strace').exists(), reason='needs strace')

RECORD = Path('releases') / 'example-release' / 'release.yaml'
OPENED = re.compile(r'\bopen(?:at2?)?\((?:[^,"]*, )?"((?:[^"\\]|\\.)*)"')


def traced(workspace: Path, *arguments) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run ``publisher ARGUMENTS`` in ``workspace`` under strace: its result, and every path it or its
    children tried to open, resolved from the workspace (its symlinks followed)."""
    log = workspace.parent / f'strace-{os.getpid()}.log'
    # --seccomp-bpf: the kernel stops the process only at the calls traced, not at every call.
    result = subprocess.run(['strace', '-f', '-qq', '--seccomp-bpf', '-e', 'trace=open,openat,openat2', '-o', str(log),
                             sys.executable, '-m', 'publisher', *arguments],
                            cwd=workspace, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    paths = set()
    for line in log.read_text(errors='replace').splitlines():
        for named in OPENED.findall(line):
            # Resolved as the kernel did: a symlink in the workspace to the secret is the secret.
            paths.add(os.path.realpath(workspace / named))
    log.unlink()
    return result, paths


@pytest.fixture
def bait(tmp_path):
    """Files outside the workspace no command may open: {kind: path}."""
    outside = tmp_path / 'outside'
    outside.mkdir()
    (outside / 'secret.txt').write_text('not for publication\n')
    os.mkfifo(outside / 'pipe')
    return {'secret': outside / 'secret.txt', 'fifo': outside / 'pipe', 'device': Path('/dev/zero'),
            'shadow': Path('/etc/shadow')}


@pytest.fixture(scope='module')
def initialised(tmp_path_factory):
    """A workspace as ``publisher init`` writes it, made once: it holds no path of its own, so copies serve."""
    workspace = tmp_path_factory.mktemp('init') / 'press'
    subprocess.run([sys.executable, '-m', 'publisher', 'init', str(workspace)], check=True, capture_output=True)
    return workspace


@pytest.fixture
def starter(tmp_path, bait, initialised):
    """A workspace from ``publisher init`` (its English not translated yet: rendered as drafts), with a
    symlink inside it to the secret outside, and a FIFO."""
    workspace = tmp_path / 'press'
    shutil.copytree(initialised, workspace)
    (workspace / RECORD.parent / 'link.png').symlink_to(bait['secret'])
    os.mkfifo(workspace / RECORD.parent / 'pipe.png')
    return workspace


def names_for(bait: dict, workspace: Path) -> list[str]:
    """Every way a record or a catalog can name the bait."""
    folder = workspace / RECORD.parent
    names = []
    for path in bait.values():
        names += [f'file://{path}', f'file:{path}', str(path), os.path.relpath(path, folder),
                  f'file://{quote(str(path), safe="")}'.replace('%2F', '/'),
                  f'file://{"".join(f"%{byte:02X}" for byte in str(path).encode())}',
                  f'file://localhost{path}', f'{folder.as_uri()}/../../../{path.relative_to(path.anchor)}']
    names += ['link.png', 'pipe.png', (folder / 'link.png').as_uri(), (folder / 'pipe.png').as_uri()]
    return names


def assert_untouched(result, opened: set[str], bait: dict, workspace: Path):
    """Neither the bait nor any other file beside the workspace (where a name leading out of it
    would land) was opened."""
    assert 'Traceback' not in result.stderr, result.stderr
    touched = {str(path) for path in bait.values()} & opened
    assert touched == set(), f'opened outside the workspace: {touched}'
    workspace = Path(os.path.realpath(workspace))
    beside = {path for path in opened if Path(path).is_relative_to(workspace.parent)
              and not Path(path).is_relative_to(workspace)}
    assert beside == set(), f'opened beside the workspace: {beside}'


def put_in_prose(workspace: Path, name: str):
    record = workspace / RECORD
    record.write_text(record.read_text().replace(
        '  - note: 포럼의', f'  - "자료: {yaml_text(name)} 참고"\n  - note: 포럼의', 1))


def put_in_msgstr(workspace: Path, name: str):
    """The subtitle's translation names ``name``, after the names put there before."""
    catalog = workspace / 'locales' / 'en' / 'LC_MESSAGES' / 'example-release.po'
    text = catalog.read_text()
    start = text.index('msgstr', text.index('msgctxt "subtitle"'))
    end = text.index('\n\n', start)
    said = text[start:end].removeprefix('msgstr "').removesuffix('"')
    translation = f'{said} and {po_text(name)}' if said else f'See {po_text(name)}'
    catalog.write_text(text[:start] + f'msgstr "{translation}"' + text[end:])


def put_in_photo(workspace: Path, name: str):
    record = workspace / RECORD
    record.write_text(record.read_text().replace(
        'contacts:', f'photos:\n  - file: "{yaml_text(name)}"\n    alt: 사진\ncontacts:', 1))


def put_in_attachment(workspace: Path, name: str):
    record = workspace / RECORD
    record.write_text(record.read_text().replace(
        'contacts:', f'attachments:\n  - file: "{yaml_text(name)}"\n    title: 자료\ncontacts:', 1))


def yaml_text(name: str) -> str:
    return name.replace('\\', '\\\\').replace('"', '\\"')


def po_text(name: str) -> str:
    return name.replace('\\', '\\\\').replace('"', '\\"')


PLACES = {'prose': put_in_prose, 'msgstr': put_in_msgstr, 'photo': put_in_photo, 'attachment': put_in_attachment}


def test_a_file_url_in_prose_or_a_msgstr_is_never_read_by_any_format(starter, bait):
    """The PDF's inputs are the files its page links, never ``file:`` URLs found in its text, whether the
    record's prose or a translation holds them: the render reads none of them, does not hang on a FIFO nor
    flood on /dev/zero, and writes every output."""
    for place in ('prose', 'msgstr'):
        for kind in ('secret', 'fifo', 'device', 'shadow'):
            PLACES[place](starter, f'file://{bait[kind]}')
    result, opened = traced(starter, 'render', str(RECORD), '--draft', '--out', 'dist')
    assert result.returncode == 0, result.stderr
    assert_untouched(result, opened, bait, starter)
    assert len(list((starter / 'dist' / 'example-release').glob('*.pdf'))) == 3  # ko, en, ko-en


@pytest.mark.parametrize('place', ['photo', 'attachment'])
def test_a_file_outside_the_workspace_as_a_photo_or_attachment_is_refused_unread(starter, bait, place):
    PLACES[place](starter, str(bait['secret']))
    result, opened = traced(starter, 'render', str(RECORD), '--out', 'dist')
    assert result.returncode != 0 and 'outside the workspace' in result.stderr
    assert_untouched(result, opened, bait, starter)
    assert not (starter / 'dist').exists()


@pytest.mark.parametrize('command', [['extract'], ['update'], ['status'], ['compile'], ['diff'],
                                     ['review', '-l', 'en'],
                                     ['translate', '-l', 'en', '--provider-url', 'http://127.0.0.1:9/']],
                         ids=lambda command: command[0])
def test_no_command_opens_a_file_its_record_or_catalog_names(starter, bait, command):
    """What check and render keep to, every command reading a record and its catalogs keeps to: the
    record's prose and a translation naming the bait in every way, none is opened (translate's
    provider is not there: it reads everything, then says so)."""
    names = names_for(bait, starter)
    for name in names:
        put_in_prose(starter, name)
    put_in_msgstr(starter, ' '.join(names))
    result, opened = traced(starter, command[0], str(RECORD), *command[1:])
    assert_untouched(result, opened, bait, starter)
    assert result.returncode == 0 or command[0] == 'translate' and 'cannot connect' in result.stderr, result.stderr


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_file_name_in_a_record_or_catalog_opens_a_file_outside(starter, bait, data):
    """Whatever names a record or a catalog holds, and wherever, neither check nor render opens the bait
    (each example puts several names in one place, as run after run of the same workspace)."""
    place = data.draw(st.sampled_from(sorted(PLACES)), label='place')
    names = data.draw(st.lists(st.sampled_from(names_for(bait, starter)), min_size=1,
                               max_size=1 if place in ('photo', 'attachment') else 4, unique=True), label='names')
    record, catalog = starter / RECORD, starter / 'locales' / 'en' / 'LC_MESSAGES' / 'example-release.po'
    kept = record.read_bytes(), catalog.read_bytes()
    try:
        for name in names:
            PLACES[place](starter, name)
        for command in (['check', str(RECORD)], ['render', str(RECORD), '--draft', '--out', 'dist', '--force']):
            result, opened = traced(starter, *command)
            assert_untouched(result, opened, bait, starter)
            assert result.returncode == 0 or re.search(r'release\.yaml:\d+: ', result.stderr), result.stderr
    finally:
        record.write_bytes(kept[0])
        catalog.write_bytes(kept[1])
