"""Each kind of fact, written as each language's press writes it."""

from __future__ import annotations

import pytest

from publisher.facts import write_fact
from publisher.record import load_record


FACTS = '''\
id: facts
source_language: ko
languages: [ko, en]
published: 2019-11-26
issuer: mois
title: "{day}"
lead: "{talks}"
organisations:
  mois: {name: {ko: 행정안전부, en: Ministry of the Interior and Safety}}
dates:
  day: 2019-11-26
  summit: {start: 2019-11-25, end: 2019-11-27}
  across: {start: 2019-11-28, end: 2019-12-02}
  workshops: {start: 2019-11, end: 2020-01}
  autumn: {start: 2019-10, end: 2019-11}
  plan: {start: 2020, end: 2022}
  opening: 2019-11-26T09:30:00+09:00
  talks: {start: 2019-11-26T14:00+09:00, end: 2019-11-26T17:30+09:00}
  bangkok_call: {start: 2019-11-26T10:00+07:00, end: 2019-11-26T11:00+07:00}
numbers:
  satisfaction: 87%
  countries: 10
  trainees: 1200
'''


@pytest.fixture(scope='module')
def facts(tmp_path_factory):
    folder = tmp_path_factory.mktemp('facts')
    (folder / 'locales').mkdir()
    (folder / 'release.yaml').write_text(FACTS)
    return load_record(folder / 'release.yaml').facts()


@pytest.mark.parametrize('placeholder, korean, english', [
    ('day.weekday', '11월 26일(화)', 'Tuesday, November 26'),
    ('summit', '2019년 11월 25일~27일', 'November 25–27, 2019'),
    ('summit.short', '11월 25일~27일', 'November 25–27'),
    ('summit.start', '11월 25일', 'November 25'),
    ('summit.end', '27일', '27'),
    ('across.end', '12월 2일', 'December 2'),
    ('workshops', '2019년 11월~2020년 1월', 'November 2019\u2009–\u2009January 2020'),
    ('autumn', '2019년 10월~11월', 'October\u2009–\u2009November 2019'),
    ('autumn.start', '10월', 'October'),
    ('plan', '2020년~2022년', '2020–2022'),
    ('plan.end', '2022년', '2022'),
    ('opening', '09:30', '9:30\u202fAM KST'),
    ('opening.weekday', '11월 26일(화)', 'Tuesday, November 26'),
    ('talks', '14:00~17:30', '2:00–5:30\u202fPM KST'),
    ('talks.start', '14:00', '2:00\u202fPM'),
    ('talks.end', '17:30', '5:30\u202fPM KST'),
    ('bangkok_call', '10:00~11:00 (UTC+07:00)', '10:00–11:00\u202fAM ICT'),
    ('satisfaction', '87%', '87%'),
    ('countries', '10', '10'),
    ('trainees', '1,200', '1,200'),
])
def test_each_kind_of_fact_is_written_in_each_language(facts, placeholder, korean, english):
    name, _, attribute = placeholder.partition('.')
    assert (write_fact(facts[name], attribute, 'ko'), write_fact(facts[name], attribute, 'en')) == (korean, english)


def test_a_particle_after_a_footnote_mark_agrees_with_the_word_before_the_mark():
    from publisher.record import Footnote, Organisation

    from publisher.facts import agreeing

    note, mois = Footnote.model_construct(text='설명'), Organisation.model_construct(name={'ko': '행정안전부'})
    assert agreeing(['', '은 협력단', '를'], ['행정안전부', '주1)'], [mois, note]) == ['행정안전부', '협력단']
    assert agreeing(['', '', '를'], ['행정안전부', '주1)'], [mois, note]) == ['행정안전부', '행정안전부']
