"""PDFs rendered on a Dask cluster: two worker processes on loopback, sharing no file with the render."""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

import pytest
from distributed import Client, LocalCluster

from publisher.problems import InputError
from publisher.render.cluster import DaskWorkers, render_job
from publisher.render.pdf import render_pdf
from publisher.workspace import Workspace

from conftest import KOREAN_FIRST, ROOT, SEED, record_of

#: One test process runs the whole module (the cluster starts and renders once); see conftest.py.
pytestmark = pytest.mark.xdist_group('test_render_cluster')


@pytest.fixture(scope='module')
def cluster(tmp_path_factory):
    """A scheduler and two workers, whose temporary files go to a folder of their own."""
    temporary = tmp_path_factory.mktemp('workers')
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv('TMPDIR', str(temporary))  # read by each worker process as it starts
        with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host='127.0.0.1',
                          dashboard_address=':0') as cluster:  # loopback, any free port
            yield cluster.scheduler_address, temporary


EDITIONS = ('ko', 'en', 'ko-en')


def render(*options, out, run=subprocess.run, **popen):
    """Both samples: photos, fonts and an attachment to carry."""
    editions = [option for edition in EDITIONS for option in ('-l', edition)]
    return run([sys.executable, '-m', 'publisher', 'render', str(ROOT / 'samples' / SEED),
                str(ROOT / 'samples' / KOREAN_FIRST), *editions, '-f', 'pdf', '--out', str(out), *options],
               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


@pytest.fixture(scope='module')
def rendered(cluster, tmp_path_factory):
    """Both samples' PDFs, rendered on the cluster."""
    out = tmp_path_factory.mktemp('cluster-dist')
    result = render('--scheduler', cluster[0], out=out)
    assert result.returncode == 0, result.stderr
    return out


def pdfs(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.glob('*/*.pdf'))}


def test_every_pdf_is_the_bytes_of_a_local_render(rendered, dist):
    """Photos, fonts and an attachment come from copies on the worker; the PDFs say nothing of it."""
    mine = pdfs(rendered)
    assert sorted(mine) == sorted(f'{release}/{release}.{edition}.pdf' for release in (SEED, KOREAN_FIRST)
                                  for edition in EDITIONS)
    assert mine == {name: data for name, data in pdfs(dist).items() if name in mine}


def left_on_workers(cluster) -> set[str]:
    return {path.name for path in cluster[1].iterdir()} - {'dask-scratch-space'}  # distributed's own


def test_a_worker_leaves_no_file_of_a_job_behind(rendered, cluster):
    with Client(cluster[0], set_as_default=False) as client:
        assert set(client.run(tempfile.gettempdir).values()) == {str(cluster[1])}
    assert left_on_workers(cluster) == set()


def test_ctrl_c_cancels_the_jobs_and_the_workers_clean_up(cluster, tmp_path):
    """The jobs under way finish on their workers, which remove their folders; the others never start."""
    process = render('--scheduler', cluster[0], out=tmp_path / 'dist', run=subprocess.Popen, start_new_session=True)
    deadline = time.monotonic() + 30
    while not left_on_workers(cluster) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=10)
    assert process.returncode == 130 and err == 'Interrupted; nothing was written.\n'
    with Client(cluster[0], set_as_default=False) as client:
        while (client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)) or left_on_workers(cluster)) \
                and time.monotonic() < deadline:
            time.sleep(0.05)
        assert client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)) == 0
    assert left_on_workers(cluster) == set() and not (tmp_path / 'dist').exists()


def test_a_job_reads_only_the_files_it_brought_and_cleans_up_after_failing(cluster, workspace):
    """/etc/hostname is on every worker, but the job did not bring it."""
    with Client(cluster[0], set_as_default=False) as client:
        job = client.submit(render_job, '<img src="file:///etc/hostname">', Workspace(workspace),
                            source=record_of(workspace, SEED), files={}, blobs={}, embedded=[], archive=False,
                            created=None)
        with pytest.raises(InputError) as caught:
            job.result()
    [problem] = caught.value.problems
    assert problem.file == record_of(workspace, SEED) and '/etc/hostname' in problem.message
    assert left_on_workers(cluster) == set()


@pytest.mark.skipif(not os.path.exists('/usr/bin/strace'), reason='needs strace')
def test_a_file_url_in_the_text_is_neither_read_nor_sent_to_the_cluster(cluster, workspace, tmp_path):
    """The jobs carry the files their pages link, read by the render (traced here), never a file that
    the text merely names; and a job reads nothing it did not bring (the test above)."""
    secret = tmp_path / 'secret.txt'
    secret.write_text('not for publication\n')
    path = record_of(workspace, SEED)
    path.write_text(path.read_text().replace('development experiences', f'development experiences (file://{secret})', 1))
    log, out = tmp_path / 'strace.log', tmp_path / 'dist'
    result = subprocess.run(['strace', '-f', '-qq', '--seccomp-bpf', '-e', 'trace=open,openat,openat2', '-o', str(log),
                             sys.executable, '-m', 'publisher', 'render', str(path), '-l', 'en', '-f', 'pdf',
                             '--scheduler', cluster[0], '--out', str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (out / SEED / f'{SEED}.en.pdf').is_file()  # the source language's edition
    assert str(secret) not in log.read_text()


def test_a_worker_kept_warm_renders_a_changed_photo_anew(cluster, tmp_path):
    """A worker keeps fonts and photos from one job to the next, for files of the same path and bytes only:
    a photo changed between two runs, at the same path, is printed as it is now."""
    from PIL import Image

    photo, workspace = tmp_path / 'photo.png', Workspace(tmp_path)
    page = f'<p>A photo</p><img src="{photo.as_uri()}" style="width: 4cm">'
    rendered = []
    with Client(cluster[0], set_as_default=False) as client:
        worker = next(iter(client.scheduler_info()['workers']))
        for colour in ('red', 'blue'):
            Image.new('RGB', (40, 30), colour).save(photo)
            digest = hashlib.sha256(photo.read_bytes()).hexdigest()
            job = client.submit(render_job, page, workspace, source=photo, files={str(photo): (digest, photo.name)},
                                blobs={digest: photo.read_bytes()}, embedded=[], archive=False, created=None,
                                workers=[worker], pure=False)
            rendered.append((job.result()[0], render_pdf(page, workspace, source=photo, files=[photo])))
    (red, red_here), (blue, blue_here) = rendered
    assert red == red_here and blue == blue_here and red != blue


def test_the_cluster_forgets_a_pdf_once_it_is_here_and_a_file_once_no_job_needs_it(cluster, tmp_path):
    """A run of any size leaves on the cluster no more than the files of the jobs still to be done."""
    from PIL import Image

    photo = tmp_path / 'photo.png'
    Image.new('RGB', (40, 30), 'green').save(photo)
    page = f'<p>A photo</p><img src="{photo.as_uri()}" style="width: 4cm">'
    with DaskWorkers(cluster[0]) as workers, Client(cluster[0], set_as_default=False) as client:
        pdf = workers.submit(page, Workspace(tmp_path), source=photo, files=[photo]).result()
        deadline = time.monotonic() + 10
        while client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)) \
                and time.monotonic() < deadline:
            time.sleep(0.05)
        assert client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)) == 0
    assert pdf == render_pdf(page, Workspace(tmp_path), source=photo, files=[photo])


def test_an_unreachable_scheduler_is_one_line(tmp_path):
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(('127.0.0.1', 0))
        port = closed.getsockname()[1]
    result = render('--scheduler', f'tcp://127.0.0.1:{port}', out=tmp_path)
    assert result.returncode == 1
    assert result.stderr == f'--scheduler: cannot reach tcp://127.0.0.1:{port}: Connection refused\n'
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize('address', ['127.0.0.1:8786', 'http://127.0.0.1:8786', 'tcp://127.0.0.1'])
def test_a_scheduler_is_named_by_its_tcp_address(address, tmp_path):
    from click.testing import CliRunner

    from publisher.cli import main

    result = CliRunner().invoke(main, ['render', str(ROOT / 'samples' / SEED), '--scheduler', address,
                                       '--out', str(tmp_path)])
    assert result.exit_code == 2 and 'is not a Dask scheduler\'s address' in result.output


def silent_scheduler():
    """A real Dask scheduler, stopped (SIGSTOP) once it listens: the system still accepts connections
    for it, and it never answers them.  Yields its address."""
    from contextlib import contextmanager

    @contextmanager
    def started():
        with socket.socket() as free:
            free.bind(('127.0.0.1', 0))
            port = free.getsockname()[1]
        process = subprocess.Popen([sys.executable, '-m', 'distributed.cli.dask_scheduler', '--host', '127.0.0.1',
                                    '--port', str(port), '--dashboard-address', ':0'],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(('127.0.0.1', port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            process.send_signal(signal.SIGSTOP)
            yield f'tcp://127.0.0.1:{port}'
        finally:
            process.kill()
            process.wait()
    return started()


def other_protocol(greeting: bytes, close=False):
    """A server on loopback that accepts, says ``greeting`` and then nothing more (or closes the
    connection).  Yields its address."""
    import threading
    from contextlib import contextmanager

    @contextmanager
    def started():
        held, stop = [], threading.Event()
        with socket.socket() as server:
            server.bind(('127.0.0.1', 0))
            server.listen()
            server.settimeout(0.2)

            def serve():
                while not stop.is_set():
                    try:
                        connection, _ = server.accept()
                    except OSError:
                        continue
                    connection.sendall(greeting)
                    if close:
                        connection.close()
                    else:
                        held.append(connection)

            thread = threading.Thread(target=serve, daemon=True)
            thread.start()
            try:
                yield f'tcp://127.0.0.1:{server.getsockname()[1]}'
            finally:
                stop.set()
                thread.join()
                for connection in held:
                    connection.close()
    return started()


@pytest.mark.parametrize('server, message', [
    (silent_scheduler, 'said nothing within 5 s: it is not a Dask scheduler, or it is stuck'),
    (lambda: other_protocol(b'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n' + os.urandom(4096)),
     'does not speak the Dask protocol'),
    (lambda: other_protocol(b'SSH-2.0-OpenSSH_9.2\r\n'), 'does not speak the Dask protocol'),
    (lambda: other_protocol((200).to_bytes(8, 'little')),
     'did not finish greeting within 10 s: it is not a Dask scheduler, or it is stuck'),
    (lambda: other_protocol(b'\x00' * 8), 'does not speak the Dask protocol'),
    (lambda: other_protocol(b'', close=True), 'closed the connection without a word: it is not a Dask scheduler'),
], ids=['stopped scheduler', 'http', 'ssh', 'greeting begun and never finished', 'empty greeting', 'closes'])
def test_a_scheduler_that_does_not_answer_as_dask_is_one_line_within_seconds(tmp_path, server, message):
    with server() as address:
        start = time.monotonic()
        result = render('--scheduler', address, out=tmp_path / 'dist', timeout=120)
        took = time.monotonic() - start
    assert result.returncode == 1 and result.stdout == ''
    assert result.stderr.splitlines() == [f'--scheduler: {address} {message}'], result.stderr
    assert took < 60
    assert not (tmp_path / 'dist').exists()
