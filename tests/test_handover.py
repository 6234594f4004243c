"""A command handed to the warm service's command process is done as it would be here: the same outputs,
streams and exit status, in the caller's folder with its environment and umask; Ctrl-C and other signals
reach it; a caller that goes away interrupts it; nobody else can hand it one."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.render import warm
from publisher.render.pdf import _alive

from conftest import ROOT, SEED
from test_render_warm import NOBODY, render, runtime, service, wait_until  # noqa: F401 (runtime: a fixture)

PINNED = ('--now', '2026-12-05T09:00+09:00')


def command_process() -> tuple[Path, int]:
    """The command process's socket and pid, once it answers (it warms up after the service starts)."""
    path, = warm.services()
    socket_path = path.with_name('cmd-' + path.name.removeprefix('pdf-'))
    wait_until(lambda: socket_path.exists())
    return socket_path, service()['commands']


def _thread_count(pid: int) -> int:
    status = Path(f'/proc/{pid}/status').read_text()
    return int(status.split('Threads:')[1].split()[0])


def copies(pid: int) -> list[int]:
    """The command process's copies running commands."""
    return [int(child) for child in Path(f'/proc/{pid}/task/{pid}/children').read_text().split()]


def started(*arguments, command=None, **options) -> subprocess.Popen:
    """``publisher`` with ``arguments``, importing as it goes (-X importtime): its own imports are listed
    on its standard error, the command's are not when another process does it."""
    command = command or [sys.executable, '-X', 'importtime', '-m', 'publisher']
    return subprocess.Popen([*command, *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            **options)


def finished(process: subprocess.Popen) -> tuple[int, str, str, bool]:
    """The exit status, output and errors of ``process``, and whether it did the command itself."""
    out, err = process.communicate(timeout=300)
    imports = [line for line in err.splitlines() if line.startswith('import time:')]
    errors = ''.join(line + '\n' for line in err.splitlines() if not line.startswith('import time:'))
    return process.returncode, out, errors, any(line.endswith(' publisher.cli') for line in imports)


def outputs(out: Path) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob('*'))
            if path.suffix in ('.html', '.pdf', '.hwpx', '.xml', '.woff2')}


def test_a_handed_over_render_writes_what_a_render_here_writes(runtime):
    render('-l', 'en', '-f', 'pdf', '--out', 'first')  # starts the service, and its command process
    command_process()
    editions = ('-l', 'ko', '-l', 'en', '-l', 'ko-en', *PINNED)
    status, out, errors, here = finished(started('render', f'samples/{SEED}', *editions, '--out', 'handed'))
    assert (status, errors, here) == (0, '', False)
    done_here = render(*editions, '--out', 'here', PUBLISHER_WARM='0')
    assert out.replace('handed', 'here') == done_here.stdout
    assert outputs(Path('handed')) == outputs(Path('here'))
    assert len([name for name in outputs(Path('here')) if name.endswith(('.pdf', '.hwpx'))]) == 6


def test_a_failing_command_says_the_same_and_exits_the_same(runtime):
    render('-l', 'en', '-f', 'pdf')
    command_process()
    record = Path('samples', SEED, 'release.yaml')
    record.write_text(record.read_text().replace('\ntitle:', '\ntitle: [', 1))
    handed = finished(started('check', f'samples/{SEED}'))
    here = finished(started('check', f'samples/{SEED}', env={**os.environ, 'PUBLISHER_WARM': '0'}))
    assert handed[3] is False and here[3] is True
    assert handed[:3] == here[:3] and handed[0] == 1 and f'samples/{SEED}/release.yaml:' in handed[2]


@pytest.mark.parametrize('command', [[sys.executable, '-X', 'importtime', '-m', 'publisher'],
                                     [sys.executable, '-X', 'importtime', str(Path(sys.executable).parent / 'publisher')]])
def test_help_names_the_program_as_its_caller_was_started(runtime, command):
    render('-l', 'en', '-f', 'pdf')
    command_process()
    handed = finished(started('render', '--help', command=command))
    here = finished(started('render', '--help', command=command, env={**os.environ, 'PUBLISHER_WARM': '0'}))
    assert handed[3] is False and here[3] is True
    assert handed[:3] == here[:3] and handed[0] == 0 and 'Usage: ' in handed[1]


def test_the_callers_folder_umask_and_environment_are_the_commands(runtime, tmp_path):
    render('-l', 'en', '-f', 'pdf')
    command_process()
    cache = tmp_path / 'another-cache'
    modes = {}
    for out, warm_setting in (('handed', '10'), ('here', '0')):
        process = started('render', f'samples/{SEED}', '-l', 'en', '-f', 'html', '--out', out,
                          env={**os.environ, 'XDG_CACHE_HOME': str(cache / out), 'PUBLISHER_WARM': warm_setting},
                          preexec_fn=lambda: os.umask(0o027))
        status, _, errors, here = finished(process)
        assert (status, errors, here) == (0, '', warm_setting == '0')
        modes[out] = {path.relative_to(out): stat.S_IMODE(path.stat().st_mode) for path in Path(out).rglob('*')}
        assert (cache / out / 'publisher').is_dir()  # the command's cache, not the service's
    assert modes['handed'] == modes['here'] and 0o640 in modes['here'].values()


def test_ctrl_c_is_passed_on_and_the_command_writes_nothing(runtime):
    render('-l', 'en', '-f', 'pdf', '--out', 'before')
    _, pid = command_process()
    for attempt in range(3):  # the render may finish before the signal on a quick machine: try again
        process = started('render', f'samples/{SEED}', '--force', start_new_session=True)
        wait_until(lambda: copies(pid) or process.poll() is not None)
        wait_until(lambda: service()['busy'] > 1 or process.poll() is not None)
        os.killpg(process.pid, signal.SIGINT)  # as a terminal does: the caller's group, not the copy
        status, _, errors, here = finished(process)
        if not Path('dist').exists():
            break
        shutil.rmtree('dist')
    assert (status, errors, here) == (130, 'Interrupted; nothing was written.\n', False)
    wait_until(lambda: not copies(pid))
    assert service()['pid'] and command_process()[1] == pid


@pytest.mark.parametrize('number', [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_that_ends_the_command_ends_its_caller_the_same_way(runtime, number):
    render('-l', 'en', '-f', 'pdf')
    _, pid = command_process()
    process = started('render', f'samples/{SEED}', '--force', '--out', 'ended')
    wait_until(lambda: copies(pid) or process.poll() is not None)
    copy, = copies(pid)
    process.send_signal(number)
    assert process.wait(timeout=60) == -number
    wait_until(lambda: not _alive(copy))
    assert not Path('ended').exists() or not list(Path('ended').rglob('*.pdf'))


def test_a_caller_killed_outright_interrupts_its_command(runtime):
    render('-l', 'en', '-f', 'pdf')
    _, pid = command_process()
    process = started('render', f'samples/{SEED}', '--force', '--out', 'killed')
    wait_until(lambda: copies(pid) or process.poll() is not None)
    copy, = copies(pid)
    process.kill()
    process.wait(timeout=60)
    wait_until(lambda: not _alive(copy))
    assert not Path('killed').exists()
    assert service()['pid'] and command_process()[1] == pid


def test_the_command_process_forks_from_one_thread_and_ends_with_the_service(runtime):
    from click.testing import CliRunner

    from publisher.cli import main

    render('-l', 'en', '-f', 'pdf')
    socket_path, pid = command_process()
    assert _thread_count(pid) == 1
    assert stat.S_IMODE(socket_path.stat().st_mode) == 0o600 and socket_path.stat().st_uid == os.getuid()
    assert CliRunner().invoke(main, ['workers', 'stop']).exit_code == 0
    assert not _alive(pid) and not socket_path.exists()
    status, _, errors, here = finished(started('check', f'samples/{SEED}'))
    assert (status, errors, here) == (0, '', True)


def test_the_command_process_has_loaded_what_a_release_with_photos_needs(runtime):
    render('-l', 'en', '-f', 'pdf')
    _, pid = command_process()
    assert '/PIL/_imaging' in Path(f'/proc/{pid}/maps').read_text()


def test_a_command_process_stopped_before_its_warm_up_skips_it():
    """Stopped while it waits for the first render's PDFs (``workers stop``, or the service's end), the command
    process ends at once: it does not render the starter first, which a stop would wait for."""
    warm_up = ('import sys; from publisher.handover import CommandProcess; '
               'process = CommandProcess("/nonexistent/cmd.sock", "/nonexistent/pdf.sock", 1); '
               'process.stopping = True; process._warm_up(); '
               'print(sorted(name for name in sys.modules if name.startswith("publisher.render.")))')
    imported = subprocess.run([sys.executable, '-c', warm_up], check=True, capture_output=True, text=True,
                              cwd=ROOT).stdout
    assert 'publisher.render.pdf' in imported  # what a render imports, as ever
    assert 'publisher.render.hwpx' not in imported  # but the starter was not rendered


@pytest.mark.skipif(os.getuid() != 0 or not shutil.which('setpriv'), reason='switching users needs root')
def test_nobody_else_can_hand_over_a_command_even_through_an_open_socket(runtime):
    render('-l', 'en', '-f', 'pdf')
    socket_path, pid = command_process()
    for opened in (runtime, runtime / 'run', socket_path.parent):
        os.chmod(opened, 0o755)
    os.chmod(socket_path, 0o777)
    client = ('import os, socket, sys; from publisher import wire; s = socket.socket(socket.AF_UNIX); '
              f's.connect({str(socket_path)!r}); s.settimeout(30)\n'
              'try:\n'
              '    socket.send_fds(s, [b"F"], [0, 1, 2]); wire.send(s, {"argv": ["publisher", "check"]})\n'
              '    print(wire.receive(s))\n'
              'except (ConnectionError, OSError) as error: sys.exit(f"hung up: {type(error).__name__}")')
    try:
        asked = subprocess.run(['setpriv', f'--reuid={NOBODY}', f'--regid={NOBODY}', '--clear-groups',
                                sys.executable, '-c', client], capture_output=True, text=True, cwd='/', timeout=60,
                               env={**os.environ, 'PYTHONPATH': str(ROOT)})
    finally:
        os.chmod(socket_path.parent, 0o700)
    assert asked.returncode != 0 and asked.stdout == '' and asked.stderr.startswith('hung up: '), asked.stderr
    assert copies(pid) == []
