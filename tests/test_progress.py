"""Long commands tell how far they are on stderr: a bar on a terminal, a line per release in a log."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys

import pytest

from publisher.catalogs.pofile import read_po

from conftest import KOREAN_FIRST, SEED
from libretranslate import LibreTranslate

RELEASES = [f'samples/{SEED}', f'samples/{KOREAN_FIRST}']


def publisher(workspace, *args):
    """The command as a script or CI runs it: stdout and stderr are pipes, not a terminal."""
    environment = {**os.environ, 'XDG_CACHE_HOME': str(workspace / '.cache')}
    return subprocess.run([sys.executable, '-m', 'publisher', *args], cwd=workspace, env=environment,
                          capture_output=True, text=True, timeout=60)


def on_terminal(workspace, *args):
    """The command run from an interactive shell, its stderr on a pseudo-terminal; stdout stays a pipe.

    Returns the exit status, stdout, and everything the terminal was sent.
    """
    terminal, inside = pty.openpty()
    run = subprocess.Popen([sys.executable, '-m', 'publisher', *args], cwd=workspace, stdout=subprocess.PIPE,
                           stderr=inside, env={**os.environ, 'XDG_CACHE_HOME': str(workspace / '.cache')})
    os.close(inside)
    shown = b''
    while True:
        try:
            chunk = os.read(terminal, 65536)
        except OSError:  # EIO: the command has ended and closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(terminal)
    stdout = run.stdout.read().decode()
    run.stdout.close()
    return run.wait(), stdout, shown.decode()


def test_update_prints_a_line_per_release_on_stderr_when_not_interactive(workspace):
    result = publisher(workspace, 'update', *RELEASES)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [f'Updating 1/2: samples/{SEED}/release.yaml',
                                          f'Updating 2/2: samples/{KOREAN_FIRST}/release.yaml']
    assert all(line.startswith('locales/') for line in result.stdout.splitlines())  # the result, as before


def test_status_json_stays_parseable_and_progress_goes_to_stderr(workspace):
    result = publisher(workspace, 'status', '--json', *RELEASES)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)['catalogs']) == 7
    assert result.stderr.splitlines() == [f'Counting 1/2: samples/{SEED}/release.yaml',
                                          f'Counting 2/2: samples/{KOREAN_FIRST}/release.yaml']


def test_verbose_gives_each_release_the_time_it_took(workspace):
    result = publisher(workspace, 'status', '-v', *RELEASES)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and all(re.fullmatch(r'Counting [12]/2: samples/\S+/release\.yaml \((\d+ ms|\d+\.\d\d s)\)',
                                                line) for line in lines), lines


def test_translate_prints_a_line_per_catalog_when_not_interactive(workspace):
    """Strings are the unit of its progress: each catalog's line says how many of all are drafted."""
    for path in (workspace / 'locales' / 'ko' / 'LC_MESSAGES' / name for name in (f'{SEED}.po', 'publisher.po')):
        po = read_po(path)
        path.write_text(po.text_of(po.header, [entry.changed(msgstr='') for entry in po.entries]))
    with LibreTranslate() as server:
        result = publisher(workspace, 'translate', RELEASES[0], '-l', 'ko', '--provider-url', server.url)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [f'Drafting 23/53: locales/ko/LC_MESSAGES/{SEED}.po',
                                          'Drafting 53/53: locales/ko/LC_MESSAGES/publisher.po']
    assert result.stdout.startswith('53 of 53 empty entries drafted')


@pytest.mark.parametrize('command, label', [('update', 'Updating'), ('status', 'Counting')])
def test_an_interactive_terminal_shows_a_bar_and_the_same_result(workspace, command, label):
    status, stdout, shown = on_terminal(workspace, command, *RELEASES)
    assert status == 0, shown
    assert re.search(rf'{label}  \[#+\]  2/2  100%', shown), shown
    assert f'{label} 1/2:' not in shown  # the bar, instead of a line per release
    assert stdout == publisher(workspace, command, *RELEASES).stdout
