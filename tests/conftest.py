"""Fixtures: the sample workspace, copied so tests can break it, and its renders."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli import main

#: Renders in tests have workers of their own, as with PUBLISHER_WARM=0, and start no service that would outlive
#: the tests; test_render_warm.py turns the warm workers on, in a folder of its own, and stops them.
os.environ['PUBLISHER_WARM'] = '0'

ROOT = Path(__file__).resolve().parent.parent
SEED = 'mois-asean-corps-2019'
KOREAN_FIRST = 'mois-roundtable-busan-2019'
#: The samples written as press offices write releases: a joint Korean 보도자료, an English ministry's release.
KOREAN_SAMPLE = 'mois-mofa-digital-asean-2019'
ENGLISH_SAMPLE = 'mois-smart-cities-fund-2019'


def pytest_xdist_auto_num_workers(config):
    """One test process more than cores (``-n auto``): many tests wait on a render's own processes or
    on a server on loopback, and another process fills that time (on 2 cores: 141-165 s against
    163-186 s for the suite)."""
    import os

    return (os.cpu_count() or 1) + 1


# A module-scoped fixture is made once per test process that runs a test needing it: where one is costly
# (a render, a wheel, a served preview), its tests are marked ``pytest.mark.xdist_group(name)`` and run
# in one process (``--dist loadgroup`` in pyproject.toml), instead of each process making it again.
@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Name each test's xdist_group after its id, as pytest-xdist does to send a group to one process.

    pytest-xdist 3.8 writes the name where pytest before 9 kept a test's id; pytest 9 reads it elsewhere,
    so without this every group would be spread over the processes. A test already named is left alone."""
    if not getattr(config.option, 'loadgroup', False):
        return
    try:
        from _pytest.nodeid import coerce_node_id  # pytest 9
    except ImportError:
        return  # pytest-xdist names the groups itself
    for item in items:
        groups = sorted({str(mark.args[0] if mark.args else mark.kwargs.get('name', 'default'))
                         for mark in item.iter_markers('xdist_group')})
        if groups and '@' not in item.nodeid.rsplit(']', 1)[-1]:
            item._id = coerce_node_id(f'{item.nodeid}@{"_".join(groups)}')


@pytest.fixture
def workspace(tmp_path):
    """A copy of the repository's workspace (samples, locales, glossary), to edit freely."""
    for name in ('samples', 'locales'):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / 'glossary.yaml', tmp_path / 'glossary.yaml')
    return tmp_path


@pytest.fixture(scope='session', autouse=True)
def compiled_once(tmp_path_factory, worker_id):
    """The publisher processes the tests start keep their compiled modules in one folder of the run's:
    where PYTHONDONTWRITEBYTECODE is set, as containers often set it, each of the hundreds of them compiled
    the package again (a fifth of a render's CPU). The checkout itself stays free of ``__pycache__``."""
    shared = tmp_path_factory.getbasetemp() if worker_id == 'master' else tmp_path_factory.getbasetemp().parent
    os.environ.pop('PYTHONDONTWRITEBYTECODE', None)
    os.environ['PYTHONPYCACHEPREFIX'] = str(shared / 'pycache')


def record_of(workspace, release_id):
    return workspace / 'samples' / release_id / 'release.yaml'


def made_once(tmp_path_factory, worker_id, name, make):
    """A folder ``make(folder)`` fills once for the whole run: with the tests spread over processes
    (pytest-xdist), the first to ask makes it while the others wait, and all of them read it."""
    import fcntl

    if worker_id == 'master':  # one process: its own temporary folder
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    shared = tmp_path_factory.getbasetemp().parent  # this run's, above each process's own
    folder, done = shared / name, shared / f'{name}.done'
    with open(shared / f'{name}.lock', 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope='session')
def dist(tmp_path_factory, worker_id):
    """Both samples rendered once, in every edition and format, as `make demo` does."""
    def render(out):
        result = CliRunner().invoke(main, ['render', str(ROOT / 'samples' / SEED),
                                           str(ROOT / 'samples' / KOREAN_FIRST), '--out', str(out)])
        assert result.exit_code == 0, result.output

    return made_once(tmp_path_factory, worker_id, 'dist', render)


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
def draft_render(tmp_path_factory, worker_id):
    """The English draft of the Korean-first release, HTML and PDF, rendered once: its title and lead
    are machine drafts (fuzzy) and its second paragraph is not translated yet."""
    def render(root):
        for name in ('samples', 'locales'):
            shutil.copytree(ROOT / name, root / name)
        path = root / 'locales' / 'en' / 'LC_MESSAGES' / f'{KOREAN_FIRST}.po'
        text = path.read_text()
        text = text.replace('#, python-brace-format\nmsgctxt "title"', '#, fuzzy, python-brace-format\nmsgctxt "title"', 1)
        text = text.replace('#. lead: the opening paragraph\n',
                            '#. lead: the opening paragraph\n#. machine draft: libre, 2026-11-30\n', 1)
        lead = text.index('#. lead: the opening paragraph')
        flags = text.index('#, python-brace-format', lead)
        text = text[:flags] + '#, fuzzy, python-brace-format' + text[flags + len('#, python-brace-format'):]
        start = text.index('msgstr', text.index('#. body[1]'))
        path.write_text(text[:start] + 'msgstr ""' + text[text.index('\n\n', start):])
        result = CliRunner().invoke(main, ['render', str(record_of(root, KOREAN_FIRST)), '-l', 'en', '--draft',
                                           '--out', str(root / 'dist')])
        assert result.exit_code == 0, result.output

    return made_once(tmp_path_factory, worker_id, 'draft', render) / 'dist' / KOREAN_FIRST


STRUCTURED = ROOT / 'tests' / 'structured'


def structured_workspace(root):
    """A workspace at ``root`` holding the structured release (tests/structured), its English
    catalog translated and reviewed from tests/structured/en.yaml."""
    import yaml

    from publisher.catalogs.pofile import po_text, read_po

    (root / 'locales').mkdir(parents=True)
    (root / 'samples' / 'structured').mkdir(parents=True)
    shutil.copy(STRUCTURED / 'record.yaml', root / 'samples' / 'structured' / 'release.yaml')
    result = CliRunner().invoke(main, ['update', str(root / 'samples' / 'structured')])
    assert result.exit_code == 0, result.output
    english = yaml.safe_load((STRUCTURED / 'en.yaml').read_text(encoding='utf-8'))
    path = root / 'locales' / 'en' / 'LC_MESSAGES' / 'mois-structured-2019.po'
    po = read_po(path)
    path.write_text(po_text(po.header, [entry.changed(msgstr=english[entry.msgid]) for entry in po.entries]),
                    encoding='utf-8')
    return root / 'samples' / 'structured' / 'release.yaml'


@pytest.fixture(scope='session')
def structured_dist(tmp_path_factory, worker_id):
    """The structured release rendered once, in every edition and format."""
    def render(root):
        record = structured_workspace(root)
        result = CliRunner().invoke(main, ['render', str(record), '--out', str(root / 'dist')])
        assert result.exit_code == 0, result.output

    return made_once(tmp_path_factory, worker_id, 'structured', render) / 'dist' / 'mois-structured-2019'


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


#: Forms the press writes, as the samples render them: (release, in Korean, in English).
PRESS_FORMS = [
    pytest.param(KOREAN_FIRST, '행정안전부는 부산광역시와 함께', 'The Ministry of the Interior and Safety and Busan Metropolitan City',
                 id='particles after 은(는) and 와; the name that takes "the", opening a sentence'),
    pytest.param(SEED, '행정안전부는 인사혁신처, 서울특별시와 함께', 'The Ministry of the Interior and Safety, the Ministry of Personnel Management and the Seoul',
                 id='names that take "the", in a list'),
    pytest.param(SEED, '공공부문개발위원회 사무국(OPDC) 사무총장과', 'Secretary General of the Office of the Public Sector Development Commission (OPDC)',
                 id='a name that takes "the", after a preposition'),
    pytest.param(SEED, '지방자치인재개발원(인재개발원)을 방문했고', 'visited Korea’s Local Government Officials Development Institute',
                 id='a name that takes "the", after a possessive'),
    pytest.param(KOREAN_FIRST, '림 족 호이 아세안 사무총장을 비롯한', 'among them ASEAN Secretary-General Dato Lim Jock Hoi',
                 id='titled name'),
    pytest.param(KOREAN_FIRST, '12억 원을 투입할', 'a KRW 1.2 billion training programme', id='money and its particle'),
    pytest.param(KOREAN_FIRST, '30억 원 규모', 'worth KRW 3 billion', id='money'),
    pytest.param(SEED, '550만 달러 규모', 'a USD 5.5 million project', id='money in dollars'),
    pytest.param(KOREAN_FIRST, '11월 26일(화) 14:00~17:30', 'on Tuesday, November 26, 2:00–5:30 PM KST',
                 id='weekday and times with their zone'),
    pytest.param(KOREAN_FIRST, '보도 시점 2019년 11월 26일(화) 12:00', 'Embargo 12:00 noon KST, November 26, 2019',
                 id='embargo, its zone named'),
    pytest.param(KOREAN_FIRST, '11월 25일부터 26일까지', 'from November 25 to 26', id='start and end of a range'),
    pytest.param(SEED, '9월 19일부터 24일까지', 'from September 19 to 24', id='start and end of a range, translated'),
    pytest.param(SEED, '9월 23일(월)', 'On Monday, September 23', id='weekday, translated'),
    pytest.param(KOREAN_FIRST, '2020년~2022년 아세안', 'over 2020–2022', id='range of years, closed up'),
    pytest.param(KOREAN_FIRST, '2019년 12월~2020년 1월', 'in December 2019 – January 2020', id='range of months'),
    pytest.param(KOREAN_FIRST, '87%가', '87% of the ASEAN officials', id='percentage'),
    pytest.param(KOREAN_FIRST, '아세안 10개국', 'the 10 ASEAN member states', id='count'),
    pytest.param(KOREAN_FIRST, '공동 주최 부산광역시', 'Co-hosted by Busan Metropolitan City', id='partner with a role'),
    pytest.param(KOREAN_FIRST, '김서연 행정안전부 정부혁신조직실장',
                 'Kim Seo-yeon, Director General for Government Innovation, MOIS', id='quote attribution'),
    pytest.param(KOREAN_FIRST, '이준호 사무관', 'Deputy Director Lee Jun-ho', id='contact with a title'),
    pytest.param(KOREAN_FIRST, '“아세안과 함께', '“Together with ASEAN', id='quotation marks'),
    pytest.param(KOREAN_FIRST, '‘정부24’와 같은', 'such as ‘Government 24’', id='inner quotation marks'),
    pytest.param(SEED, '‘신남방정책’의', 'the ‘New Southern Policy’', id='inner quotation marks, translated'),
    pytest.param(SEED, '사진: 행정안전부', 'Photo: Ministry of the Interior and Safety', id='photo credit'),
    pytest.param(KOREAN_FIRST, '(https://www.mois.go.kr)에서', '(https://www.mois.go.kr), and', id='address in prose'),
]


#: A joint release of two ministries with the header and contact blocks of a 보도자료 (tests/joint/).
JOINT = 'joint-digital-cooperation-2019'


@pytest.fixture
def joint_workspace(tmp_path):
    """A copy of the joint release's workspace, to edit freely."""
    shutil.copytree(ROOT / 'tests' / 'joint', tmp_path / 'joint')
    return tmp_path / 'joint'


@pytest.fixture(scope='session')
def joint(tmp_path_factory, worker_id):
    """The joint release rendered once, in every edition and format."""
    def render(out):
        result = CliRunner().invoke(main, ['render', str(ROOT / 'tests' / 'joint'), '--out', str(out)])
        assert result.exit_code == 0, result.output

    return made_once(tmp_path_factory, worker_id, 'joint', render) / JOINT


@pytest.fixture(scope='session')
def samples(tmp_path_factory, worker_id):
    """The samples written as press offices write releases rendered once, in every edition and format."""
    def render(out):
        result = CliRunner().invoke(main, ['render', str(ROOT / 'samples' / KOREAN_SAMPLE),
                                           str(ROOT / 'samples' / ENGLISH_SAMPLE), '--out', str(out)])
        assert result.exit_code == 0, result.output

    return made_once(tmp_path_factory, worker_id, 'samples', render)


VNU = ROOT / '.tools' / 'node_modules' / 'vnu-jar' / 'build' / 'dist' / 'vnu.jar'


@pytest.fixture(scope='session')
def nu_checked(tmp_path_factory, worker_id, dist, structured_dist, joint, samples):
    """What the Nu HTML Checker says of every page and fragment the session's renders made, each fragment
    inside a host page: ``nu_checked(documents)`` gives {document: its errors} for those given, and raises
    unless the checker read them all. Java and the checker start once for all of them (they take seconds
    of CPU each time), in whichever test process asks first."""
    import json

    assert VNU.is_file(), 'the Nu HTML Checker is missing: make test installs it'

    def check(folder):
        documents = sorted({path for root in (dist, structured_dist, joint, samples) for path in root.rglob('*.html')})
        checked = {}
        for index, document in enumerate(documents):
            if document.name.endswith('.fragment.html'):
                host = folder / f'{index}-host-{document.name}'
                host.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Host</title>'
                                '</head><body>' + document.read_text() + '</body></html>')
                checked[str(host)] = str(document)
            else:
                checked[str(document)] = str(document)
        result = subprocess.run(['java', '-jar', str(VNU), '--errors-only', '--format', 'gnu', *checked],
                                capture_output=True, text=True)
        errors, unplaced = {document: [] for document in checked.values()}, []
        for line in (result.stdout + result.stderr).splitlines():
            place = re.match(r'"file:([^"]+)":', line)
            if place and (document := checked.get(urllib.parse.unquote(place[1]))):
                errors[document].append(line)
            else:
                unplaced.append(line)
        (folder / 'errors.json').write_text(json.dumps({'errors': errors, 'unplaced': unplaced,
                                                        'returncode': result.returncode}))

    answer = json.loads((made_once(tmp_path_factory, worker_id, 'nu', check) / 'errors.json').read_text())
    assert answer['unplaced'] == [] and (answer['returncode'] == 0) == (not any(answer['errors'].values())), answer

    def errors_of(documents):
        documents = [str(document) for document in documents]
        missing = set(documents) - set(answer['errors'])
        assert not missing, f'not among the documents checked: {missing}'
        return {document: answer['errors'][document] for document in documents}

    return errors_of
