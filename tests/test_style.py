"""The house style (style.yaml): how a workspace's releases write what CLDR leaves open, through
``check`` and ``render`` on a record written in Thai."""

from __future__ import annotations

import html
import re

import pytest
from click.testing import CliRunner

from publisher.cli import main

THAI_RECORD = '''\
id: thai-style
source_language: th
languages: [th]
published: 2019-11-26
issuer: mois
organisations:
  mois: {name: {th: กระทรวงมหาดไทยและความปลอดภัย}}
title: การประชุมโต๊ะกลม
lead: "การประชุมจัดขึ้นเวลา {talks} ผู้เข้าร่วม{satisfaction}พึงพอใจ"
body:
  - "เปิดงานเวลา {talks.start} ปิดงานเวลา {talks.end}"
numbers: {satisfaction: 87%}
dates:
  talks: {start: 2019-11-26T14:00+07:00, end: 2019-11-26T17:30+07:00}
'''

NBSP = '\u00a0'


@pytest.fixture
def thai(workspace):
    record = workspace / 'samples' / 'thai-style' / 'release.yaml'
    record.parent.mkdir()
    record.write_text(THAI_RECORD)
    return record


def rendered_text(record, out):
    result = CliRunner().invoke(main, ['render', str(record), '-f', 'html', '--out', str(out)])
    assert result.exit_code == 0, result.output
    page = (out / 'thai-style' / 'thai-style.th.html').read_text()
    body = page[page.index('<body'):]
    return html.unescape(re.sub(r'<[^>]*>', '', body))


@pytest.mark.parametrize('style, lead, opening', [
    ('', f'14:00 น. – 17:30 น. ผู้เข้าร่วม87%พึงพอใจ', 'เปิดงานเวลา 14:00 น. ปิดงานเวลา 17:30 น.'),  # CLDR
    ('percent: words\n', 'ผู้เข้าร่วมร้อยละ 87พึงพอใจ', 'เปิดงานเวลา 14:00 น.'),
    ('clock: press\n', f'เวลา 14.00–17.30{NBSP}น. ผู้เข้าร่วม87%', f'เปิดงานเวลา 14.00{NBSP}น. ปิดงานเวลา 17.30{NBSP}น.'),
    ('percent: words\nclock: press\n', f'14.00–17.30{NBSP}น. ผู้เข้าร่วมร้อยละ 87พึงพอใจ', f'14.00{NBSP}น.'),
], ids=['cldr', 'percent in words', 'press clock', 'both'])
def test_thai_press_style_is_an_option_of_the_house_style(thai, workspace, style, lead, opening):
    if style:
        (workspace / 'style.yaml').write_text(style)
    result = CliRunner().invoke(main, ['check', str(thai)])
    assert result.exit_code == 0, result.output
    text = rendered_text(thai, workspace / 'dist')
    assert lead.replace('\u202f', ' ') in text.replace('\u202f', ' ')
    assert opening.replace('\u202f', ' ') in text.replace('\u202f', ' ')


def test_a_changed_style_renders_the_release_again(thai, workspace):
    assert '87%' in rendered_text(thai, workspace / 'dist')
    (workspace / 'style.yaml').write_text('percent: words\n')
    assert 'ร้อยละ 87' in rendered_text(thai, workspace / 'dist')


def test_a_style_option_is_refused_with_its_choices(thai, workspace):
    (workspace / 'style.yaml').write_text('clock: thai\n')
    result = CliRunner().invoke(main, ['check', str(thai)])
    assert result.exit_code == 1
    assert f"{workspace / 'style.yaml'}:1: clock: 'thai' is not one of cldr, press" in result.output
