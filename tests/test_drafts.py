"""Machine drafts against a LibreTranslate server on loopback, and the publish gate."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time

import pytest

from pypdf import PdfReader

from publisher.drafts.drafting import saver
from publisher.catalogs.pofile import read_po

from conftest import ROOT, SEED, editor_saves_while_writing
from libretranslate import LibreTranslate
from mymemory import MyMemory


@pytest.fixture
def server():
    with LibreTranslate() as running:
        yield running


@pytest.fixture
def emptied(workspace):
    """The workspace with the Korean translations of the seed emptied."""
    path = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    po = read_po(path)
    path.write_text(po.text_of(po.header, [entry.changed(msgstr='') for entry in po.entries]))
    return workspace


def publisher(workspace, *args, timeout=60):
    environment = {**os.environ, 'XDG_CACHE_HOME': str(workspace / '.cache')}
    return subprocess.run([sys.executable, '-m', 'publisher', *map(str, args)], cwd=workspace, env=environment,
                          capture_output=True, text=True, timeout=timeout)


def translate(workspace, server, *options):
    return publisher(workspace, 'translate', f'samples/{SEED}', '-l', 'ko', '--provider', 'libre',
                     '--provider-url', server.url, *options)


def seed_entries(workspace):
    return read_po(workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po').entries


def test_translate_without_records_drafts_every_release_of_the_workspace(emptied, server):
    """The seed's and another release's Korean catalogs emptied: translate -l ko alone drafts both."""
    other = 'mois-smart-cities-fund-2019'
    path = emptied / 'locales' / 'ko' / 'LC_MESSAGES' / f'{other}.po'
    po = read_po(path)
    path.write_text(po.text_of(po.header, [entry.changed(msgstr='') for entry in po.entries]))
    result = publisher(emptied, 'translate', '-l', 'ko', '--provider', 'libre', '--provider-url', server.url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(f'review them with:\n  publisher review samples/{SEED} -l ko\n'
                                  f'  publisher review samples/{other} -l ko\n'), result.stdout
    assert all(entry.fuzzy and entry.msgstr for entry in seed_entries(emptied) + read_po(path).entries)


def test_every_empty_entry_gets_a_fuzzy_draft_with_its_provenance(emptied, server):
    templates = (emptied / 'locales' / 'ko' / 'LC_MESSAGES' / 'publisher.po').read_bytes()
    result = translate(emptied, server)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(f'review them with:\n  publisher review samples/{SEED} -l ko\n')
    entries = seed_entries(emptied)
    assert len(entries) == 23 and all(entry.fuzzy and entry.msgstr for entry in entries)
    stamp = f'machine draft: libre, {time.strftime("%Y-%m-%d")}'
    kept_as_they_are = {'ASEAN', 'Thailand', 'Myanmar', '{mois}'}  # glossary terms, a placeholder alone
    assert all(stamp in entry.extracted_comments for entry in entries if entry.msgid not in kept_as_they_are)
    for entry in entries:
        expected = entry.msgid if entry.msgid in kept_as_they_are else f'[ko] {entry.msgid}'
        for term, official in (('ASEAN', '아세안'), ('Thailand', '태국'), ('Myanmar', '미얀마'), ('Cambodia', '캄보디아'),
                               ('Indonesia', '인도네시아'), ('Jakarta', '자카르타'), ('New Southern Policy', '신남방정책')):
            expected = expected.replace(term, official)
        assert entry.msgstr == expected
    assert (emptied / 'locales' / 'ko' / 'LC_MESSAGES' / 'publisher.po').read_bytes() == templates
    assert {request['target'] for request in server.requests} == {'ko'}
    assert not any('{yoon' in request['q'] for request in server.requests)
    subprocess.run(['msgfmt', '-c', '--check-format', '-o', '/dev/null',
                    str(emptied / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po')], check=True)


def test_a_byte_order_mark_is_removed_and_said_before_drafting(emptied, server):
    """As update does: GNU gettext's tools refuse a catalog that starts with the mark."""
    path = emptied / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    path.write_bytes(b'\xef\xbb\xbf' + path.read_bytes())
    result = translate(emptied, server)
    assert result.returncode == 0, result.stderr
    assert f'locales/ko/LC_MESSAGES/{SEED}.po: its byte-order mark removed, which GNU gettext refuses' in result.stdout
    assert not path.read_bytes().startswith(b'\xef\xbb\xbf')
    subprocess.run(['msgfmt', '-c', '--check-format', '-o', '/dev/null', str(path)], check=True)


def test_a_glossary_term_alone_is_drafted_without_asking_the_provider(emptied, server):
    assert translate(emptied, server).returncode == 0
    keywords = {entry.msgid: entry for entry in seed_entries(emptied) if entry.msgctxt == 'keyword'}
    assert (keywords['Thailand'].msgstr, keywords['Myanmar'].msgstr, keywords['ASEAN'].msgstr) == ('태국', '미얀마', '아세안')
    assert all(keyword.fuzzy for keyword in keywords.values())
    assert f'machine draft: glossary, {time.strftime("%Y-%m-%d")}' in keywords['Thailand'].extracted_comments
    sent = [request['q'] for request in server.requests]
    assert 'public administration' in sent and not [text for text in sent if re.fullmatch(r'[\W\d]*', text)]


def test_reviewed_and_human_fuzzy_entries_are_never_touched(emptied, server):
    path = emptied / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    text = path.read_text().replace('msgctxt "breadcrumb"\nmsgid "Previous Events"\nmsgstr ""',
                                    'msgctxt "breadcrumb"\nmsgid "Previous Events"\nmsgstr "지난 행사"')
    text = text.replace('#, python-brace-format\nmsgctxt "title"', '#, fuzzy, python-brace-format\n#| msgid "Old title"\nmsgctxt "title"')
    path.write_text(text)
    assert translate(emptied, server).returncode == 0
    entries = {entry.msgid[:20]: entry for entry in seed_entries(emptied)}
    assert entries['Previous Events'].msgstr == '지난 행사' and not entries['Previous Events'].fuzzy
    title = next(entry for entry in seed_entries(emptied) if entry.msgctxt == 'title')
    assert title.msgstr == '' and title.previous_msgid == 'Old title'
    assert len(server.requests) == 23 - 4 - 2  # neither glossary terms nor a placeholder alone, nor the two entries kept


def test_a_second_run_is_served_from_the_cache(emptied, server):
    assert translate(emptied, server).returncode == 0
    first = len(server.requests)
    path = emptied / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    po = read_po(path)
    path.write_text(po.text_of(po.header, [entry.changed(msgstr='', flags=('python-brace-format',) if 'python-brace-format' in entry.flags else ()) for entry in po.entries]))
    result = translate(emptied, server)
    assert result.returncode == 0 and '(19 from the cache)' in result.stdout
    assert len(server.requests) == first


def test_429_and_500_are_retried_honouring_retry_after(emptied, server):
    server.fail_next((429, 1), 500, 'drop')
    start = time.perf_counter()
    result = translate(emptied, server, '--jobs', '1')
    assert result.returncode == 0, result.stderr
    assert time.perf_counter() - start >= 1
    assert all(entry.fuzzy and entry.msgstr for entry in seed_entries(emptied))
    assert len(server.requests) == 19 + 3


def test_a_slow_answer_is_cut_off_and_retried(emptied, server):
    server.fail_next('slow')
    result = translate(emptied, server, '--jobs', '1', '--timeout', '1')
    assert result.returncode == 0, result.stderr
    assert all(entry.msgstr for entry in seed_entries(emptied))


def test_a_draft_that_loses_a_placeholder_is_reported_not_written(emptied, server):
    server.fail_next(None, None, None, None, None, 'mangle')  # the sixth sent, the title, has a placeholder
    result = translate(emptied, server, '--jobs', '1')
    assert result.returncode == 1  # something was not drafted
    assert 'not drafted: the provider lost' in result.stderr
    entries = seed_entries(emptied)
    assert sum(not entry.msgstr for entry in entries) == 1 and '22 of 23' in result.stdout


@pytest.mark.parametrize('fault, reason', [
    ('huge', 'libre refused it: an answer of 5,000,0'),
    ('verbose', 'the draft is 10 times as long as its source'),
])
def test_an_answer_too_large_is_not_drafted_and_the_run_goes_on(emptied, server, fault, reason):
    server.fail_next(None, fault)
    result = translate(emptied, server, '--jobs', '1')
    assert result.returncode == 1 and 'Traceback' not in result.stderr
    assert f': not drafted: {reason}' in result.stderr
    assert '22 of 23 empty entries drafted' in result.stdout
    assert max(len(entry.msgstr) for entry in seed_entries(emptied)) < 1000


def test_a_provider_that_cannot_be_reached_gives_one_message(emptied):
    with LibreTranslate() as stopped:
        url = stopped.url
    result = publisher(emptied, 'translate', f'samples/{SEED}', '-l', 'ko', '--provider-url', url, '--timeout', '5')
    assert result.returncode == 1 and 'Traceback' not in result.stderr
    assert result.stderr.count('cannot connect') == 1  # the run stops at once, not once per string
    assert f'Error: libre at {url}: cannot connect (connection refused)' in result.stderr
    # Only what needed no provider was drafted: the glossary's terms, and a placeholder alone.
    drafted = {entry.msgid for entry in seed_entries(emptied) if entry.msgstr}
    assert drafted == {'ASEAN', 'Thailand', 'Myanmar', '{mois}'}


def test_the_gate_the_draft_marks_and_review(emptied, server):
    assert translate(emptied, server).returncode == 0
    refused = publisher(emptied, 'render', f'samples/{SEED}', '--out', 'dist')
    assert refused.returncode == 1
    assert 'ko: 23 strings not reviewed (0 untranslated, 23 fuzzy)' in refused.stderr
    assert not (emptied / 'dist').exists()

    draft = publisher(emptied, 'render', f'samples/{SEED}', '--out', 'dist', '--draft',
                      '-l', 'ko', '-l', 'en', '-l', 'ko-en', '-f', 'html', '-f', 'pdf')
    assert draft.returncode == 0, draft.stderr
    folder = emptied / 'dist' / SEED
    for edition, banner in (('ko', '초안: 배포용이 아닙니다.'), ('en', 'Draft: not for publication.'),
                            ('ko-en', '초안: 배포용이 아닙니다.')):
        page = (folder / f'{SEED}.{edition}.draft.html').read_text()
        assert '<meta name="robots" content="noindex">' in page and 'class="publisher-draft"' in page
        pages = PdfReader(folder / f'{SEED}.{edition}.draft.pdf').pages
        assert banner in pages[0].extract_text(), edition
    # A draft never takes the name of what would be published.
    assert sorted(path.name for path in folder.glob('*.*') if '.draft.' not in path.name
                  and path.name != '.publisher-manifest.json') == []
    assert PdfReader(folder / f'{SEED}.ko.draft.pdf').metadata['/Keywords'].split(', ')[-1] == 'draft'

    answers = 'a\ny\n' * 23  # each accepted, though the test provider's drafts are in Latin letters
    reviewed = subprocess.run([sys.executable, '-m', 'publisher', 'review', f'samples/{SEED}', '-l', 'ko'],
                              cwd=emptied, input=answers, capture_output=True, text=True)
    assert reviewed.returncode == 0, reviewed.stderr
    entries = seed_entries(emptied)
    assert not any(entry.fuzzy for entry in entries)
    assert all(any(c.startswith('machine draft: ') for c in entry.extracted_comments) for entry in entries)
    published = publisher(emptied, 'render', f'samples/{SEED}', '--out', 'dist2', '-f', 'html')
    assert published.returncode == 0, published.stderr
    page = (emptied / 'dist2' / SEED / f'{SEED}.ko.html').read_text()
    assert 'class="publisher-draft"' not in page and 'noindex' not in page


def test_review_can_edit_and_skip(emptied, server):
    assert translate(emptied, server).returncode == 0
    answers = 's\ne\n대표단 {yoon}\n정부혁신 국제협력\nq\n'
    result = subprocess.run([sys.executable, '-m', 'publisher', 'review', f'samples/{SEED}', '-l', 'ko'],
                            cwd=emptied, input=answers, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert 'adds {yoon}' in result.stderr
    assert '1 of 23 ' in result.stdout and '2 of 23 ' in result.stdout  # how far the reviewer is
    entries = seed_entries(emptied)
    assert entries[0].fuzzy
    assert (entries[1].msgstr, entries[1].fuzzy) == ('정부혁신 국제협력', False)


def test_an_interrupted_run_keeps_the_drafts_received(emptied):
    import signal
    with LibreTranslate(latency=0.4) as slow:
        environment = {**os.environ, 'XDG_CACHE_HOME': str(emptied / '.cache')}
        run = subprocess.Popen([sys.executable, '-m', 'publisher', 'translate', f'samples/{SEED}', '-l', 'ko',
                                '--provider-url', slow.url, '--jobs', '1'], cwd=emptied, env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        while len(slow.requests) < 5:
            assert run.poll() is None, run.stderr.read().decode()  # ended before it was interrupted
            time.sleep(0.05)
        run.send_signal(signal.SIGINT)
        assert run.wait(timeout=10) != 0
    drafted = [entry for entry in seed_entries(emptied) if entry.msgstr]
    assert 3 <= len(drafted) < 23 and all(entry.fuzzy for entry in drafted)
    subprocess.run(['msgfmt', '-c', '-o', '/dev/null',
                    str(emptied / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po')], check=True)


# -- a release written as a ministry writes one, through two providers' protocols ----------

MINISTRY = 'mois-asean-innovation-2019'
#: The glossary's terms in the ministry's release, and how the English drafts write them.
TERMS = {'아세안': 'ASEAN', '디지털 정부': 'digital government', '신남방정책': 'New Southern Policy',
         '태국': 'Thailand', '미얀마': 'Myanmar', '캄보디아': 'Cambodia', '인도네시아': 'Indonesia'}
#: A sentence of 190 characters with no comma: over MyMemory's 500 bytes, and nowhere to cut it.
UNCUT = ('행정안전부와 아세안 사무국은 각국 정부가 제출한 수요 조사 결과와 현지 점검 결과와 전문가 자문 결과를 종합적으로 검토해 '
         '내년도 공동 사업의 우선순위와 국가별 지원 규모와 사업 기간과 성과 관리 방식과 연수 과정의 운영 방식과 현지 점검단의 구성 '
         '방식을 확정한 뒤 이를 정상회의 1주년 계기 장관급 회의에서 최종 확정하여 아세안 10개국 정부 대표와 함께 공동으로 발표하고 '
         '이후 분기별 이행 점검 회의를 정례적으로 개최할 계획이다.')
RECORD_LINE = 112  # where UNCUT is written
#: What is sent for each string that holds something not to translate: the masked text.
SENT = {
    '{mois.short}, 아세안과 디지털 정부 협력 강화…<2019 한-아세안 특별정상회의> 후속 조치 발표':
        '{0}, {1}과 {2} 협력 강화…{3}{4} 한-{5} 특별정상회의{6} 후속 조치 발표',
    '「전자정부법」 개정 계기 아세안 10개국 대상 공공행정 역량 강화 사업 확대':
        '{0}전자정부법{1} 개정 계기 {2} 10개국 대상 공공행정 역량 강화 사업 확대',
    '자세한 내용은 행정안전부 누리집(https://www.mois.go.kr)에서 확인할 수 있으며, 영문 자료는 '
    'https://www.mois.go.kr/eng/index.do에 게시된다.':
        '자세한 내용은 행정안전부 누리집({0})에서 확인할 수 있으며, 영문 자료는 {1}에 게시된다.',
    '{mois.short}는 1인당 국내총생산이 GDP 기준 < 1만 달러인 국가에는 전액을 지원하고, '
    '전자정부 발전지수가 > 0.7인 국가와는 공동 연구를 추진한다.':
        '{0}는 1인당 국내총생산이 GDP 기준 < 1만 달러인 국가에는 전액을 지원하고, '
        '전자정부 발전지수가 > 0.7인 국가와는 공동 연구를 추진한다.',
    '예산 집행률이 < 50%인 사업은 하반기에 재검토하되, 성과 지표가 > 80%인 사업은 2단계로 확대한다.':
        '예산 집행률이 < {0}%인 사업은 하반기에 재검토하되, 성과 지표가 > {1}%인 사업은 2단계로 확대한다.',
    '아세안이 요청한 분야는 전자조달, 민원 서비스, 개인정보 보호, 재난 경보 체계 등 네 가지이다.':
        '{0}이 요청한 분야는 전자조달, 민원 서비스, 개인정보 보호, 재난 경보 체계 등 네 가지이다.',
    '태국은 전자조달 체계 고도화를, 미얀마는 주민등록 전산화를 우선 과제로 제시했다.':
        '{0}은 전자조달 체계 고도화를, {1}는 주민등록 전산화를 우선 과제로 제시했다.',
    '캄보디아와 인도네시아의 공무원 120명은 내년 상반기 국내에서 연수를 받는다.':
        '{0}와 {1}의 공무원 120명은 내년 상반기 국내에서 연수를 받는다.',
    '연수 과정은 「행정안전부 국제협력 연수 운영 지침」에 따라 4주간 진행되며, 수료생에게는 <디지털 정부 전문가> 인증서가 수여된다.':
        '연수 과정은 {0}행정안전부 국제협력 연수 운영 지침{1}에 따라 4주간 진행되며, 수료생에게는 {2}{3} 전문가{4} 인증서가 수여된다.',
    '{mois.short}는 신남방정책의 핵심 과제로 아세안과의 행정 협력을 꾸준히 확대해 왔다.':
        '{0}는 {1}의 핵심 과제로 {2}과의 행정 협력을 꾸준히 확대해 왔다.',
    '아세안과 함께 국민 중심의 디지털 정부를 만들어 가는 것이 이번 이행계획의 목표입니다.':
        '{0}과 함께 국민 중심의 {1}를 만들어 가는 것이 이번 이행계획의 목표입니다.',
    '디지털 정부 협력 사업의 세부 일정은 https://www.korea.kr/briefing에서 안내한다.':
        '{0} 협력 사업의 세부 일정은 {1}에서 안내한다.',
    '미얀마에서는 주민등록 정보의 전산 입력률이 < 30%에 머물러 있어 단계적 지원이 필요하다.':
        '{0}에서는 주민등록 정보의 전산 입력률이 < {1}%에 머물러 있어 단계적 지원이 필요하다.',
    '점검단은 매년 두 차례 현지를 방문해 사업 진척 상황을 확인하고 그 결과를 누리집(https://www.mois.go.kr/frt/bbs/'
    'type010/commonSelectBoardList.do?bbsId=BBSMSTR_000000000008)에 공개한다.':
        '점검단은 매년 두 차례 현지를 방문해 사업 진척 상황을 확인하고 그 결과를 누리집({0})에 공개한다.',
    '<2019 한-아세안 특별정상회의> 공동성명 (공공행정 분야)': '{0}{1} 한-{2} 특별정상회의{3} 공동성명 (공공행정 분야)',
    '이 보도자료의 내용은 {published} 기준이며, 세부 일정은 변경될 수 있다.': '이 보도자료의 내용은 {0} 기준이며, 세부 일정은 변경될 수 있다.',
    '{mois}는 {summit} {busan}에서 열린 <2019 한-아세안 특별정상회의>의 후속 조치로 아세안 10개국과의 디지털 정부 협력을 '
    '강화하는 「한-아세안 공공행정 협력 이행계획」을 발표했다.':
        '{0}는 {1} {2}에서 열린 {3}{4} 한-{5} 특별정상회의{6}의 후속 조치로 {7} 10개국과의 {8} 협력을 '
        '강화하는 {9}한-{10} 공공행정 협력 이행계획{11}을 발표했다.',
    '이번 이행계획은 정상회의에서 채택된 공동성명의 공공행정 분야 합의 사항을 구체화한 것으로, 아세안의 전자정부 역량 강화와 '
    '재난관리 협력을 양대 축으로 삼고 있다.':
        '이번 이행계획은 정상회의에서 채택된 공동성명의 공공행정 분야 합의 사항을 구체화한 것으로, {0}의 전자정부 역량 강화와 '
        '재난관리 협력을 양대 축으로 삼고 있다.',
    '지난 2017년부터 올해까지 아세안 회원국에 파견된 공공행정 협력단은 모두 6개 팀, 48명이다.':
        '지난 2017년부터 올해까지 {0} 회원국에 파견된 공공행정 협력단은 모두 6개 팀, 48명이다.',
    '한-아세안 공공행정 장관회의는 2020년부터 격년으로 열리며, 첫 회의는 {busan}에서 개최된다.':
        '한-{0} 공공행정 장관회의는 2020년부터 격년으로 열리며, 첫 회의는 {1}에서 개최된다.',
    '참가국들은 회의 결과를 「한-아세안 공공행정 협력 보고서」로 정리해 공유하기로 했다.':
        '참가국들은 회의 결과를 {0}한-{1} 공공행정 협력 보고서{2}로 정리해 공유하기로 했다.',
    '특히 인도네시아의 경우 지진 발생 시 경보 전달 시간이 > 10분인 지역을 우선 지원 대상으로 정했다.':
        '특히 {0}의 경우 지진 발생 시 경보 전달 시간이 > 10분인 지역을 우선 지원 대상으로 정했다.',
    '태국의 전자조달 시스템은 2021년까지 모든 중앙부처에 확대 적용될 예정이다.':
        '{0}의 전자조달 시스템은 2021년까지 모든 중앙부처에 확대 적용될 예정이다.',
    '행정안전부는 사업 관리를 위해 아세안 사무국과 공동으로 점검단을 운영한다.':
        '행정안전부는 사업 관리를 위해 {0} 사무국과 공동으로 점검단을 운영한다.',
    '정부는 이번 이행계획이 아세안 국가들의 행정 혁신을 앞당기는 계기가 될 것으로 기대하고 있다.':
        '정부는 이번 이행계획이 {0} 국가들의 행정 혁신을 앞당기는 계기가 될 것으로 기대하고 있다.',
    '행정안전부는 다음 달 중 아세안 각국 주한 대사관을 대상으로 설명회를 열 계획이다.':
        '행정안전부는 다음 달 중 {0} 각국 주한 대사관을 대상으로 설명회를 열 계획이다.',
    '「한-아세안 공공행정 협력 이행계획」 요약': '{0}한-{1} 공공행정 협력 이행계획{2} 요약',
    UNCUT: UNCUT.replace('아세안 사무국', '{0} 사무국').replace('아세안 10개국', '{1} 10개국'),
}
#: Strings that are a glossary term or a placeholder alone: drafted without a request.
ALONE = {'아세안', '디지털 정부', '신남방정책', '{busan}'}


def in_english(text):
    """``text`` with the glossary's terms as the English drafts write them."""
    for term, official in TERMS.items():
        text = text.replace(term, official)
    return text


@pytest.fixture(scope='module')
def ministry(tmp_path_factory):
    """The ministry's release, its English catalog created and still empty, as a workspace to copy."""
    root = tmp_path_factory.mktemp('ministry')
    shutil.copytree(ROOT / 'tests' / 'ministry', root / 'samples' / MINISTRY)
    shutil.copy(ROOT / 'glossary.yaml', root / 'glossary.yaml')
    (root / 'locales').mkdir()
    assert publisher(root, 'update', f'samples/{MINISTRY}', '-l', 'en').returncode == 0
    return root


def draft_ministry(ministry, tmp_path, server, *options):
    shutil.copytree(ministry, tmp_path / 'workspace')
    workspace = tmp_path / 'workspace'
    result = publisher(workspace, 'translate', f'samples/{MINISTRY}', '-l', 'en', '--provider-url', server.url, *options)
    entries = read_po(workspace / 'locales' / 'en' / 'LC_MESSAGES' / f'{MINISTRY}.po').entries
    return result, entries


def test_a_ministrys_release_through_libretranslate_sends_the_masked_text_and_gets_each_draft(ministry, tmp_path):
    with LibreTranslate(char_limit=1000) as server:
        result, entries = draft_ministry(ministry, tmp_path, server)
    assert result.returncode == 0, result.stderr
    assert len(entries) >= 40 and all(entry.fuzzy and entry.msgstr for entry in entries)
    assert not any('api_key' in query or 'q=' in query for query in server.queries)  # nothing in a URL
    sent = [request['q'] for request in server.requests]
    for entry in entries:
        source = entry.msgid
        if source in ALONE:
            assert source not in sent and entry.msgstr == in_english(source)
        elif len(source) <= 1000:
            assert SENT.get(source, source) in sent, source
            assert entry.msgstr == '[en] ' + in_english(source), source
        else:  # over the server's limit: sentences, as many as fit, each tagged by the server
            pieces = sorted((text for text in sent if text.endswith('다.') and text in mask_of(source)),
                            key=mask_of(source).index)  # sent several at once
            assert len(pieces) == entry.msgstr.count('[en] ') >= 2
            assert all(len(piece) <= 1000 and piece.endswith('다.') for piece in pieces)
            assert ' '.join(pieces) == mask_of(source)
            assert entry.msgstr.replace('[en] ', '') == in_english(source)
    assert len(sent) == len(set(sent))


def test_a_server_that_refuses_a_text_over_a_limit_it_did_not_say_gets_it_cut_to_that_limit(ministry, tmp_path):
    with LibreTranslate(char_limit=1000, says_limit=False) as server:
        result, entries = draft_ministry(ministry, tmp_path, server)
    assert result.returncode == 0, result.stderr
    assert all(entry.fuzzy and entry.msgstr for entry in entries)
    long = next(entry for entry in entries if len(entry.msgid) > 1800)
    sent = [request['q'] for request in server.requests]
    assert mask_of(long.msgid) in sent  # first whole, refused: "exceeds text limit (1000)"
    pieces = [text for text in sent if text.endswith('다.') and text in mask_of(long.msgid) and len(text) <= 1000]
    assert len(pieces) == long.msgstr.count('[en] ') >= 2
    assert long.msgstr.replace('[en] ', '') == in_english(long.msgid)


def mask_of(text):
    from publisher.drafts.glossary import Glossary
    from publisher.drafts.masking import mask
    return mask(text, Glossary(tuple({'ko': ko, 'en': en} for ko, en in TERMS.items())).pairs('ko', 'en'),
                source='ko').text


def test_a_paragraph_over_mymemorys_limit_is_split_by_sentence_and_the_run_goes_on(ministry, tmp_path):
    with MyMemory() as server:
        result, entries = draft_ministry(ministry, tmp_path, server, '--provider', 'mymemory')
    sent = [request['q'] for request in server.requests]
    assert {request['langpair'] for request in server.requests} == {'ko-KR|en-GB'}
    assert max(len(text.encode()) for text in sent) <= 500  # never MyMemory's length error
    long = next(entry for entry in entries if len(entry.msgid) > 1800)
    pieces = sorted((text for text in sent if text.endswith('다.') and text in mask_of(long.msgid)),
                    key=mask_of(long.msgid).index)  # sent several at once
    assert len(pieces) >= 5 and ' '.join(pieces) == mask_of(long.msgid)
    assert long.fuzzy and long.msgstr.count('[en-GB] ') == len(pieces)
    assert long.msgstr.replace('[en-GB] ', '') == in_english(long.msgid)
    # One sentence of 190 characters, with no comma to cut it at, is over the limit alone.
    undrafted = [entry for entry in entries if not entry.msgstr]
    assert [entry.msgid for entry in undrafted] == [UNCUT]
    assert result.returncode == 1
    assert (f'samples/{MINISTRY}/release.yaml:{RECORD_LINE}: not drafted: a sentence is longer '
            'than mymemory takes (499 bytes), even cut at commas') in result.stderr
    assert f'{len(entries) - 1} of {len(entries)} empty entries drafted' in result.stdout
    for entry in entries:
        if entry.msgstr and entry is not long and entry.msgid not in ALONE:
            assert SENT.get(entry.msgid, entry.msgid) in sent
            assert entry.msgstr == '[en-GB] ' + in_english(entry.msgid), entry.msgid


def test_drafts_saved_into_a_catalog_keep_an_editor_save_made_meanwhile(workspace, monkeypatch):
    path = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    path.write_text(path.read_text().replace('msgstr "지난 행사"', 'msgstr ""', 1))
    empty = next(entry for entry in read_po(path).entries if entry.msgid == 'Previous Events')
    saves = editor_saves_while_writing(monkeypatch, path, 'msgstr "아세안"', 'msgstr "동남아시아국가연합"')
    saver(path)({empty.key: empty.changed(msgstr='이전 행사', flags=('fuzzy',))})
    assert saves
    entries = {entry.msgid: entry for entry in read_po(path).entries}
    assert entries['ASEAN'].msgstr == '동남아시아국가연합'
    assert entries['Previous Events'].msgstr == '이전 행사' and entries['Previous Events'].fuzzy


@pytest.mark.parametrize('language', ['th', 'my'])
def test_thai_and_burmese_catalogs_are_drafted_through_the_server(workspace, server, language):
    path = workspace / 'locales' / language / 'LC_MESSAGES' / f'{SEED}.po'
    po = read_po(path)
    path.write_text(po.text_of(po.header, [entry.changed(msgstr='') for entry in po.entries]))
    result = publisher(workspace, 'translate', f'samples/{SEED}', '-l', language, '--provider', 'libre',
                       '--provider-url', server.url)
    assert result.returncode == 0, result.stderr
    entries = read_po(path).entries
    assert all(entry.fuzzy and entry.msgstr for entry in entries)
    assert any(entry.msgstr.startswith(f'[{language}] ') for entry in entries)
    assert {(request['source'], request['target']) for request in server.requests} == {('en', language)}
    subprocess.run(['msgfmt', '-c', '--check-format', '-o', '/dev/null', str(path)], check=True)


def damage_drafts_cache(path, damage):
    """Make the drafts cache at ``path`` (a real one, from a run) as a crash, a disk or a user left it."""
    import sqlite3

    if damage == 'garbage':
        path.write_bytes(b'SQLite format 3\x00' + os.urandom(4096))
    elif damage == 'truncated':
        data = path.read_bytes()
        path.write_bytes(data[:len(data) // 3])
    elif damage == 'a folder':
        path.unlink()
        path.mkdir()
    elif damage == 'a draft changed':
        with sqlite3.connect(path) as database:
            database.execute("UPDATE drafts_v2 SET text = 'tampered ' || text")


@pytest.mark.parametrize('damage', ['garbage', 'truncated', 'a folder', 'a draft changed'])
def test_a_damaged_drafts_cache_is_made_again_and_the_drafts_are_the_same(emptied, server, damage):
    assert translate(emptied, server).returncode == 0
    first = {entry.msgid: entry.msgstr for entry in seed_entries(emptied)}
    cache = emptied / '.cache' / 'publisher' / 'drafts.sqlite3'
    for suffix in ('-wal', '-shm'):
        (emptied / '.cache' / 'publisher' / f'drafts.sqlite3{suffix}').unlink(missing_ok=True)
    path = emptied / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    po = read_po(path)
    path.write_text(po.text_of(po.header, [entry.changed(msgstr='', flags=tuple(flag for flag in entry.flags if flag != 'fuzzy'))
                                              for entry in po.entries]))
    damage_drafts_cache(cache, damage)
    result = translate(emptied, server)
    assert result.returncode == 0 and 'Traceback' not in result.stderr, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith('publisher: ')]
    assert len(warnings) == 1 and 'drafts cache' in warnings[0], result.stderr
    assert {entry.msgid: entry.msgstr for entry in seed_entries(emptied)} == first
