"""A user's warm PDF workers: render reuses them from one run to the next, through a socket only this user
can open; a warm PDF is the bytes of a cold one; they end when idle, stopped or killed, leaving nothing."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from publisher.render import warm
from publisher.render.pdf import _alive

from conftest import SEED

NOBODY = 65534


@pytest.fixture
def runtime(monkeypatch, workspace):
    """Warm workers on, their folder in a short folder of the test's own (a socket's path is short), the
    temporary files of the renders and of the service in another; stopped and checked gone afterwards."""
    top = Path(tempfile.mkdtemp(prefix='pt-warm-', dir='/tmp'))
    (top / 'run').mkdir(mode=0o700)
    (top / 'tmp').mkdir()
    monkeypatch.setenv('XDG_RUNTIME_DIR', str(top / 'run'))
    monkeypatch.setenv('TMPDIR', str(top / 'tmp'))
    monkeypatch.setenv('PUBLISHER_WARM', '10')
    monkeypatch.chdir(workspace)
    yield top
    pids = []
    for path in warm.services():
        try:
            pids.append(warm.stop(path))
        except warm.Unavailable:
            pass
    try:
        assert not any(_alive(pid) for pid in pids)
        assert list((top / 'run').iterdir()) == []
        assert list((top / 'tmp').iterdir()) == []
    finally:
        for pid in pids:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(top, ignore_errors=True)


def render(*options, check=True, **environment):
    """``publisher render`` of the seed, in a process of its own, as a press officer runs it."""
    result = subprocess.run([sys.executable, '-m', 'publisher', 'render', f'samples/{SEED}', *options],
                            env={**os.environ, **environment}, capture_output=True, text=True, timeout=300)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def pdfs(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((out / SEED).glob('*.pdf'))}


def service() -> dict:
    """The running service's status (its pid, how many PDFs it rendered, how many requests it is answering)."""
    path, = warm.services()
    return warm.ask(path, ('status',), timeout=10)


def serving(path: Path) -> list[int]:
    """The processes of the service of ``path``, by their command line."""
    found = []
    for folder in Path('/proc').iterdir():
        try:
            command = (folder / 'cmdline').read_bytes().split(b'\0')
        except OSError:
            continue
        if b'publisher.render.warm' in command and os.fsencode(path) in command:
            found.append(int(folder.name))
    return found


def wait_until(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, 'waited in vain'
        time.sleep(0.05)


def test_warm_pdfs_are_the_bytes_of_cold_ones(runtime):
    editions = ('-l', 'ko', '-l', 'en', '-l', 'ko-en', '-f', 'pdf')
    render(*editions, '--out', 'cold', PUBLISHER_WARM='0')
    render(*editions, '--out', 'first')  # starts the service
    render(*editions, '--out', 'warm')  # reuses it, its fonts, stylesheets and photos kept
    assert len(pdfs(Path('cold'))) == 3
    assert pdfs(Path('first')) == pdfs(Path('cold'))
    assert pdfs(Path('warm')) == pdfs(Path('cold'))


def test_a_second_render_reuses_the_running_service(runtime):
    render('-l', 'en', '-f', 'pdf')
    first = service()
    render('-l', 'en', '-f', 'pdf', '--force')
    second = service()
    assert second['pid'] == first['pid']
    assert second['rendered'] == first['rendered'] + 1


def test_a_photo_changed_between_renders_is_read_again(runtime):
    """The warm workers keep what they read from a photo; a photo replaced between renders is read anew."""
    render('-l', 'en', '-f', 'pdf', '--out', 'before')
    photo = max(Path('samples', SEED).rglob('*.png'), key=lambda path: path.stat().st_size)
    from PIL import Image
    with Image.open(photo) as image:
        image.rotate(180).save(photo)
    render('-l', 'en', '-f', 'pdf', '--out', 'warm')
    render('-l', 'en', '-f', 'pdf', '--out', 'cold', PUBLISHER_WARM='0')
    assert pdfs(Path('warm')) == pdfs(Path('cold')) != pdfs(Path('before'))


def test_the_socket_is_this_users_alone(runtime):
    render('-l', 'en', '-f', 'pdf')
    path, = warm.services()
    folder = path.parent
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and folder.stat().st_uid == os.getuid()
    assert stat.S_ISSOCK(path.stat().st_mode) and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.stat().st_uid == os.getuid()


def _as_nobody(path: Path) -> subprocess.CompletedProcess:
    """Ask the service at ``path`` for its status as the user nobody."""
    client = f'from pathlib import Path; from publisher.render import warm; print(warm.ask(Path({str(path)!r}), ("status",), 10))'
    return subprocess.run(['setpriv', f'--reuid={NOBODY}', f'--regid={NOBODY}', '--clear-groups',
                           sys.executable, '-c', client], capture_output=True, text=True, cwd='/', timeout=60)


@pytest.mark.skipif(os.getuid() != 0 or not shutil.which('setpriv'), reason='switching users needs root')
def test_another_user_cannot_open_the_socket(runtime):
    render('-l', 'en', '-f', 'pdf')
    path, = warm.services()
    asked = _as_nobody(path)
    assert asked.returncode != 0 and 'Permission denied' in asked.stderr
    assert service()['pid']


@pytest.mark.skipif(os.getuid() != 0 or not shutil.which('setpriv'), reason='switching users needs root')
def test_the_service_answers_no_other_user_even_through_an_open_socket(runtime):
    """With the folder and socket opened to all by mistake, the service still checks who is asking
    (SO_PEERCRED) and hangs up on anyone else, unanswered; it goes on serving its user."""
    render('-l', 'en', '-f', 'pdf')
    path, = warm.services()
    for opened in (runtime, runtime / 'run', path.parent):
        os.chmod(opened, 0o755)
    os.chmod(path, 0o777)
    try:
        asked = _as_nobody(path)
        client = ('import socket, sys; from publisher.render import warm; s = socket.socket(socket.AF_UNIX); '
                  f's.connect({str(path)!r})\n'
                  'try: warm.send(s, ("status",)); print(warm.receive(s))\n'
                  'except ConnectionError as error: sys.exit(f"hung up: {type(error).__name__}")')
        raw = subprocess.run(['setpriv', f'--reuid={NOBODY}', f'--regid={NOBODY}', '--clear-groups',
                              sys.executable, '-c', client], capture_output=True, text=True, cwd='/', timeout=60)
    finally:
        os.chmod(path.parent, 0o700)
    assert asked.returncode != 0 and 'NotPrivate' in asked.stderr  # nor does a client trust a socket of root's
    # hung up on, unanswered (as the request is being sent, or after)
    assert raw.returncode != 0 and raw.stdout == '' and raw.stderr.startswith('hung up: ')
    assert service()['pid']


def test_a_folder_another_user_owns_is_not_used(runtime):
    folder = runtime / 'run' / 'publisher'
    folder.mkdir(mode=0o700)
    os.chown(folder, NOBODY, NOBODY)
    result = render('-l', 'en', '-f', 'pdf')
    assert f'{folder} is not a folder of this user: rendering without the warm PDF workers' in result.stderr
    assert len(pdfs(Path('dist'))) == 1
    assert list(folder.iterdir()) == []
    folder.rmdir()


def test_a_folder_others_may_open_is_not_used(runtime):
    folder = runtime / 'run' / 'publisher'
    folder.mkdir(mode=0o700)
    os.chmod(folder, 0o755)
    result = render('-l', 'en', '-f', 'pdf')
    assert 'may be opened by other users (mode 755)' in result.stderr
    assert len(pdfs(Path('dist'))) == 1 and list(folder.iterdir()) == []
    folder.rmdir()


def test_an_idle_service_ends_and_removes_its_socket_and_folder(runtime, monkeypatch):
    monkeypatch.setenv('PUBLISHER_WARM', '0.08')  # five seconds
    render('-l', 'en', '-f', 'pdf')
    path, = warm.services()
    pids = serving(path)
    assert pids
    wait_until(lambda: not any(_alive(pid) for pid in pids))
    assert list((runtime / 'run').iterdir()) == []
    assert list((runtime / 'tmp').iterdir()) == []


def test_workers_stop_ends_the_service(runtime):
    from click.testing import CliRunner

    from publisher.cli import main

    render('-l', 'en', '-f', 'pdf')
    pid = service()['pid']
    result = CliRunner().invoke(main, ['workers', 'stop'])
    assert result.exit_code == 0 and f'stopped the warm PDF workers (pid {pid})' in result.output
    assert not _alive(pid)
    assert list((runtime / 'run').iterdir()) == []
    assert CliRunner().invoke(main, ['workers', 'stop']).output == 'No warm PDF workers are running.\n'


def test_the_off_switch_starts_no_service(runtime):
    render('-l', 'en', '-f', 'pdf', PUBLISHER_WARM='0')
    assert len(pdfs(Path('dist'))) == 1
    assert list((runtime / 'run').iterdir()) == []


@pytest.mark.parametrize('value', ['soon', '-1', 'inf', 'nan'])
def test_a_setting_that_is_not_minutes_is_refused(runtime, value):
    result = render('-l', 'en', '-f', 'pdf', check=False, PUBLISHER_WARM=value)
    assert result.returncode == 1
    assert f"PUBLISHER_WARM='{value}' is not a number of minutes" in result.stderr
    assert 'Traceback' not in result.stderr and not Path('dist').exists()


def test_a_killed_service_is_replaced_by_the_next_render(runtime):
    render('-l', 'en', '-f', 'pdf', '--out', 'before')
    killed = service()['pid']
    os.kill(killed, signal.SIGKILL)
    wait_until(lambda: not _alive(killed))
    path, = warm.services()  # its socket is left
    render('-l', 'en', '-f', 'pdf', '--out', 'after')
    assert service()['pid'] != killed
    assert warm.services() == [path]
    assert pdfs(Path('after')) == pdfs(Path('before'))
    assert not list((runtime / 'tmp').glob(f'publisher-{killed}-*'))  # the killed service's folders swept


def test_ctrl_c_during_a_warm_render_writes_nothing_and_leaves_the_service_up(runtime):
    render('-l', 'en', '-f', 'pdf', '--out', 'before')
    pid = service()['pid']
    for attempt in range(3):  # the render may finish before the signal on a quick machine: try again
        process = subprocess.Popen([sys.executable, '-m', 'publisher', 'render', f'samples/{SEED}', '--force'],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        wait_until(lambda: service()['busy'] > 1 or process.poll() is not None)
        os.killpg(process.pid, signal.SIGINT)  # as a terminal does: every process of the foreground group
        out, err = process.communicate(timeout=20)
        if not Path('dist').exists():
            break
        shutil.rmtree('dist')
    assert process.returncode == 130 and err == 'Interrupted; nothing was written.\n'
    assert not Path('dist').exists()
    assert service()['pid'] == pid
    wait_until(lambda: service()['busy'] == 1)  # it dropped what the render asked (this request is the one)
    render('-l', 'en', '-f', 'pdf', '--out', 'after', '--force')
    assert pdfs(Path('after')) == pdfs(Path('before'))


def test_workers_status_names_the_running_service(runtime):
    from click.testing import CliRunner

    from publisher.cli import main

    assert CliRunner().invoke(main, ['workers', 'status']).output == 'No warm PDF workers are running.\n'
    render('-l', 'en', '-f', 'pdf')
    path, = warm.services()
    result = CliRunner().invoke(main, ['workers', 'status'])
    assert result.exit_code == 0
    assert result.output.startswith(f'{path}: warm PDF workers, pid {service()["pid"]}, running for 0 min, '
                                    'PDFs rendered: 1; they end after 10 idle minutes')


def test_a_service_whose_worker_was_killed_gives_way_and_the_render_still_writes_its_pdfs(runtime):
    render('-l', 'en', '-f', 'pdf', '--out', 'before')
    pid = service()['pid']
    fork_servers = Path(f'/proc/{pid}/task/{pid}/children').read_text().split()
    workers = [worker for server in fork_servers for worker in Path(f'/proc/{server}/task/{server}/children').read_text().split()]
    os.kill(int(workers[0]), signal.SIGKILL)
    render('-l', 'en', '-l', 'ko', '-f', 'pdf', '--out', 'after')
    assert pdfs(Path('after'))[f'{SEED}.en.pdf'] == pdfs(Path('before'))[f'{SEED}.en.pdf']
    wait_until(lambda: not _alive(pid))
    render('-l', 'en', '-f', 'pdf', '--out', 'again')  # a new service
    assert service()['pid'] != pid and pdfs(Path('again')) == pdfs(Path('before'))
