"""A release in one language: reviewed translations, facts written out, text escaped."""

from __future__ import annotations

import pytest

from publisher.localise import localise
from publisher.problems import InputError
from publisher.record import load_record

from conftest import KOREAN_FIRST, ROOT, SEED, record_of


def seed():
    return load_record(ROOT / 'samples' / SEED / 'release.yaml')


def all_text(localised):
    texts = [localised.title, localised.lead, *localised.breadcrumb,
             *(block.text for block in localised.blocks),
             *(figure.caption for figure in localised.figures), *(figure.alt for figure in localised.figures)]
    return ' '.join(str(text) for text in texts)


def test_the_source_language_uses_the_record_and_its_facts():
    english = localise(seed(), 'en')
    assert str(english.title) == 'MOIS to expand cooperation on public administration with Thailand and Myanmar'
    assert str(english.lead).endswith('from September 19 to 24.')
    assert 'USD 5.5 million' in all_text(english)
    assert english.published == 'September 27, 2019'
    assert not english.untranslated and not english.fuzzy


def test_the_translation_uses_the_catalog_and_the_facts_in_its_language():
    korean = localise(seed(), 'ko')
    assert str(korean.title) == '행정안전부, 태국·미얀마와 행정 협력 확대'
    text = all_text(korean)
    assert '윤종인 행정안전부 차관' in text and '550만 달러' in text and '2017년 11월' in text
    assert korean.published == '2019년 9월 27일'
    assert all(block.text.lang == 'ko' for block in korean.blocks)
    assert not korean.untranslated and not korean.fuzzy


def test_a_person_is_named_the_same_way_everywhere():
    """The seed called the Vice Minister "Yoon Jong-in" and "Chin Yoon Jong-in"."""
    english = all_text(localise(seed(), 'en'))
    assert 'Chin' not in english
    assert english.count('Yoon Jong-in') == 1 and english.count('Vice Minister Yoon') == 4
    quote = localise(seed(), 'en').blocks[-1]
    assert (quote.speaker, quote.speaker_title) == ('Yoon Jong-in', 'Vice Minister of the Interior and Safety')


def test_korean_first_release_translates_into_english():
    english = localise(load_record(ROOT / 'samples' / KOREAN_FIRST / 'release.yaml'), 'en')
    assert str(english.title) == 'MOIS hosts the ASEAN-Korea Ministerial Roundtable on Public Service Innovation in Busan'
    assert 'KRW 3 billion' in all_text(english)
    assert english.embargo == '12:00 noon KST, November 26, 2019'


def test_an_untranslated_string_stays_in_the_source_language_and_is_counted(workspace):
    po = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    po.write_text(po.read_text().replace('msgstr "지난 행사"', 'msgstr ""'))
    korean = localise(load_record(record_of(workspace, SEED)), 'ko')
    assert korean.untranslated == ['Previous Events']
    assert (str(korean.breadcrumb[2]), korean.breadcrumb[2].lang) == ('Previous Events', 'en')


def test_record_text_is_escaped(workspace):
    path = record_of(workspace, SEED)
    path.write_text(path.read_text().replace('title: "{mois.short} to expand', 'title: "<script>alert(1)</script> {mois.short} to expand'))
    title = localise(load_record(path), 'en').title
    assert title.html.startswith('&lt;script&gt;alert(1)&lt;/script&gt; MOIS')
    assert str(title).startswith('<script>alert(1)</script> MOIS')


def test_translated_text_is_escaped(workspace):
    po = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    po.write_text(po.read_text().replace('msgstr "{mois.short}, 태국', 'msgstr "<img src=x onerror=alert(1)>{mois.short}, 태국'))
    title = localise(load_record(record_of(workspace, SEED)), 'ko').title
    assert title.html == '&lt;img src=x onerror=alert(1)&gt;행정안전부, 태국·미얀마와 행정 협력 확대'


def test_a_broken_translation_stops_localising(workspace):
    po = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    po.write_text(po.read_text().replace('{yoon} {yoon.title}을 단장으로', '{yoonn} {yoon.title}을 단장으로'))
    with pytest.raises(InputError) as caught:
        localise(load_record(record_of(workspace, SEED)), 'ko')
    assert 'drops {yoon} and adds {yoonn}' in str(caught.value)


def test_a_translation_may_leave_the_particle_open_or_get_it_wrong(workspace):
    po = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    text = po.read_text()
    assert '"{yoon.short}은 {naypyitaw_meeting.weekday}' in text and '{koica.short}의 {jakarta_its} 규모' in text
    po.write_text(text.replace('"{yoon.short}은 {naypyitaw_meeting.weekday}', '"{yoon.short}은(는) {naypyitaw_meeting.weekday}')
                  .replace('(2023년까지, {koica.short}의', '(2023년까지, {koica.short}이'))
    korean = all_text(localise(load_record(record_of(workspace, SEED)), 'ko'))
    assert '윤 차관은 9월 23일(월)' in korean and '(2023년까지, 코이카가 550만 달러' in korean


def test_a_quotation_keeps_its_links_when_its_own_quotations_take_the_inner_marks(workspace):
    path = record_of(workspace, KOREAN_FIRST)
    path.write_text(path.read_text().replace("'정부24'와 같은 서비스로", "'정부24'(https://www.gov.kr)와 같은 서비스로"))
    quote = localise(load_record(path), 'ko').blocks[-1].text
    assert '‘정부24’(<a href="https://www.gov.kr" translate="no">https://www.gov.kr</a>)와' in quote.html


# -- the body's structure ------------------------------------------------------------------

def structured(tmp_path, old=None, new=None):
    from conftest import structured_workspace

    path = structured_workspace(tmp_path)
    if old:
        path.write_text(path.read_text(encoding='utf-8').replace(old, new, 1), encoding='utf-8')
    return load_record(path)


def test_a_footnote_mark_links_to_its_note_and_the_particle_after_it_fits_the_word_before(tmp_path):
    release = structured(tmp_path, '협력단{corps_note}을', '협력단{corps_note}를')
    lead = localise(release, 'ko').lead
    assert '협력단<a class="footnote-ref" href="#fn-mois-structured-2019-ko-1" id="fnref-mois-structured-2019-ko-1" role="doc-noteref"><sup>주1)</sup></a>을' \
        in lead.html
    assert str(lead) == '행정안전부는 2019년 9월 19일~24일 태국과 미얀마에 공공행정 협력단을 파견했다.'


def test_a_footnote_referred_to_again_links_back_to_its_first_reference_only(tmp_path):
    release = structured(tmp_path, '  - remark: 세부 일정은', '  - remark: 협력단{corps_note} 세부 일정은')
    english = localise(release, 'en')
    assert english.lead.html.count('id="fnref-mois-structured-2019-en-1"') == 1
    assert 'href="#fn-mois-structured-2019-en-1" role="doc-noteref"><sup>1</sup>' in english.blocks[3].text.html
    assert 'id=' not in english.blocks[3].text.html
    assert [(note.number, note.mark, str(note.text)) for note in english.footnotes] == [
        (1, '1', 'The Korea-ASEAN Public Administration Cooperation Corps'),
        (2, '2', 'The international cooperation budget of the Ministry of the Interior and Safety')]


def test_an_untranslated_text_shows_the_marks_of_the_edition(tmp_path):
    release = structured(tmp_path, '  - remark: 세부 일정은', '  - remark: 새 비고{corps_note}, 세부 일정은')
    remark = localise(release, 'en').blocks[3].text
    assert remark.draft == 'untranslated' and '<sup>1</sup>' in remark.html and '주1)' not in remark.html


def test_list_items_are_labelled_as_the_language_marks_them(tmp_path):
    release = structured(tmp_path)
    labels = lambda block: [item.label for item in block.items]
    korean, english = localise(release, 'ko'), localise(release, 'en')
    assert labels(korean.blocks[2]) == ['□', '□'] and labels(korean.blocks[2].items[1].sublist) == ['○']
    assert labels(korean.blocks[5].items[1].sublist) == ['1)', '2)']
    assert labels(english.blocks[2].items[1].sublist.items[0].sublist) == ['◦', '◦']
    assert labels(english.blocks[5].items[1].sublist) == ['a.', 'b.']


def test_cells_of_facts_and_numbers_are_written_in_each_language(tmp_path):
    table = localise(structured(tmp_path), 'en').blocks[6]
    assert [(str(cell.text), cell.numeric, cell.scope) for cell in table.rows[0]] == [
        ('Forum', False, 'row'), ('Bangkok', False, None), ('12', True, None)]
    assert str(table.rows[2][1].text) == '1,250' and table.rows[2][1].text.lang == 'en'
