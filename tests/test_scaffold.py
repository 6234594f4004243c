"""publisher init: a workspace a new press officer can start from."""

from __future__ import annotations

import yaml
from click.testing import CliRunner

from publisher.cli import main
from publisher.schema import SCHEMA_FILE

from conftest import run
from test_schema import EditorLoader, errors, named_schema

EXAMPLE = 'releases/example-release/release.yaml'


def test_init_writes_a_workspace_whose_example_checks(tmp_path):
    folder = tmp_path / 'press'
    result = CliRunner().invoke(main, ['init', str(folder)])
    assert result.exit_code == 0, result.output
    written = {path.relative_to(folder).as_posix() for path in folder.rglob('*') if path.is_file()}
    assert {EXAMPLE, 'glossary.yaml', '.gitignore', 'record.schema.json', 'locales/example-release.pot',
            'locales/en/LC_MESSAGES/example-release.po'} <= written
    checked = CliRunner().invoke(main, ['check', str(folder / 'releases')])
    assert checked.exit_code == 0, checked.output
    assert 'release.yaml: ok (example-release, ko, en)' in checked.output


def test_init_says_what_to_type_next_and_those_commands_work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ['init', 'press'])
    assert result.exit_code == 0, result.output
    steps = [line for line in result.output.split('Next, in the new workspace:\n')[1].splitlines()
             if line.startswith('  ')]
    assert [step.split('#')[0].strip() for step in steps] == [
        'cd press', 'publisher check', 'publisher serve', 'publisher render --draft']
    assert 'translate locales/en/LC_MESSAGES/example-release.po' in result.output
    monkeypatch.chdir(tmp_path / 'press')
    checked = CliRunner().invoke(main, ['check'])
    assert checked.exit_code == 0 and 'release.yaml: ok (example-release, ko, en)' in checked.output
    drafted = CliRunner().invoke(main, ['render', '--draft', '-f', 'html'])
    assert drafted.exit_code == 0, drafted.output
    assert (tmp_path / 'press' / 'dist' / 'example-release' / 'example-release.en.draft.html').is_file()


def test_the_example_record_names_the_workspace_schema_and_validates(tmp_path):
    folder = tmp_path / 'press'
    CliRunner().invoke(main, ['init', str(folder)])
    record = folder / EXAMPLE
    assert named_schema(record) == folder.resolve() / 'record.schema.json'
    assert (folder / 'record.schema.json').read_bytes() == SCHEMA_FILE.read_bytes()
    assert errors(yaml.load(record.read_text(encoding='utf-8'), EditorLoader), folder / 'record.schema.json') == []


def test_the_example_catalogs_are_valid_for_gnu_gettext(tmp_path):
    folder = tmp_path / 'press'
    CliRunner().invoke(main, ['init', str(folder)])
    for catalog in folder.glob('locales/*/LC_MESSAGES/*.po'):
        run('msgfmt', '-c', '--check-format', '-o', '/dev/null', str(catalog))


def test_init_leaves_a_folder_with_files_as_it_was(tmp_path):
    (tmp_path / 'notes.txt').write_text('mine')
    result = CliRunner().invoke(main, ['init', str(tmp_path)])
    assert result.exit_code == 1
    assert 'not an empty folder' in result.output and 'Traceback' not in result.output
    assert [path.name for path in tmp_path.iterdir()] == ['notes.txt']
    assert (tmp_path / 'notes.txt').read_text() == 'mine'


def test_ctrl_c_during_init_removes_what_init_wrote_and_nothing_else(tmp_path):
    """Another program (a sync client, an editor) puts a file in the folder while init writes; Ctrl-C
    comes: the folder holds that file alone afterwards."""
    import shutil
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / 'press'
    for attempt in range(5):  # init may finish before Ctrl-C comes on a quick machine: try again
        folder.mkdir()
        process = subprocess.Popen([sys.executable, '-m', 'publisher', 'init', str(folder)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not any(folder.glob('.publisher-init-*/*')) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        (folder / 'notes.txt').write_text('theirs')
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)
        if process.returncode != 0:
            break
        shutil.rmtree(folder)
    assert process.returncode != 0, 'init always finished before Ctrl-C'
    assert sorted(path.relative_to(folder).as_posix() for path in folder.rglob('*')) == ['notes.txt']
    assert (folder / 'notes.txt').read_text() == 'theirs'

