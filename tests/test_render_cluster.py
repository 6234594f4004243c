"""PDFs rendered on a Dask cluster: two worker processes on loopback, sharing no file with the render."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile

import pytest
from distributed import Client, LocalCluster

from publisher.problems import InputError
from publisher.render.cluster import render_job
from publisher.workspace import Workspace

from conftest import KOREAN_FIRST, ROOT, SEED, record_of


@pytest.fixture(scope='module')
def cluster(tmp_path_factory):
    """A scheduler and two workers, whose temporary files go to a folder of their own."""
    temporary = tmp_path_factory.mktemp('workers')
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv('TMPDIR', str(temporary))  # read by each worker process as it starts
        with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host='127.0.0.1',
                          dashboard_address=None) as cluster:
            yield cluster.scheduler_address, temporary


EDITIONS = ('ko', 'en', 'ko-en')


def render(*options, out):
    """Both samples: photos, fonts and an attachment to carry."""
    editions = [option for edition in EDITIONS for option in ('-l', edition)]
    return subprocess.run([sys.executable, '-m', 'publisher', 'render', str(ROOT / 'samples' / SEED),
                           str(ROOT / 'samples' / KOREAN_FIRST), *editions, '-f', 'pdf', '--out', str(out), *options],
                          capture_output=True, text=True)


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


def test_a_worker_leaves_no_file_of_a_job_behind(rendered, cluster):
    with Client(cluster[0], set_as_default=False) as client:
        assert set(client.run(tempfile.gettempdir).values()) == {str(cluster[1])}
    left = {path.name for path in cluster[1].iterdir()} - {'dask-scratch-space'}  # distributed's own
    assert left == set()


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
    assert {path.name for path in cluster[1].iterdir()} - {'dask-scratch-space'} == set()


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
