"""The translatable strings of a record, with what a translator needs to know."""

from __future__ import annotations

from publisher.messages import release_messages
from publisher.record import load_record

from conftest import ROOT, SEED


def seed_messages():
    return release_messages(load_record(ROOT / 'samples' / SEED / 'release.yaml'))


def test_every_prose_field_is_a_message_and_no_fact_is():
    messages = seed_messages()
    assert [m.comment.split(':')[0] for m in messages] == [
        'breadcrumb[0]', 'breadcrumb[1]', 'breadcrumb[2]', *(f'keywords[{i}]' for i in range(5)), 'title', 'lead',
        *(f'body[{i}]' + ('.note' if i == 1 else '.quote' if i == 7 else '') for i in range(8)),
        'photos[0].alt', 'photos[0].caption', 'photos[0].credit', 'photos[1].alt', 'photos[1].caption',
        'photos[1].credit']
    assert not any('Yoon Jong-in' in m.msgid or '2019' in m.msgid for m in messages)


def test_short_strings_carry_a_context():
    contexts = {m.comment.split(':')[0]: m.context for m in seed_messages()}
    assert contexts['title'] == 'title'
    assert contexts['breadcrumb[0]'] == 'breadcrumb'
    assert contexts['keywords[0]'] == 'keyword'
    assert contexts['photos[0].alt'] == 'photo description'
    assert contexts['lead'] is None


def test_a_quote_names_its_speaker_and_each_message_its_line():
    messages = seed_messages()
    quote = next(m for m in messages if m.field == ('body', 7, 'quote'))
    assert quote.comment == 'body[7].quote: quote, spoken by Yoon Jong-in'
    lines = (ROOT / 'samples' / SEED / 'release.yaml').read_text().splitlines()
    for message in messages:
        first_words = ' '.join(message.msgid.split()[:3])
        # the field's line, or for a block of text (>-) the line after it
        assert first_words in '\n'.join(lines[message.line - 1:message.line + 1]), (message.line, first_words)


# -- the body's structure: one message per unit, named by its place -------------------------

STRUCTURED = ROOT / 'tests' / 'structured' / 'record.yaml'


def structured_messages():
    return {m.comment.split(':')[0]: m for m in release_messages(load_record(STRUCTURED), notes=True)}


def test_each_heading_item_cell_caption_box_title_and_footnote_is_a_message_named_by_its_place():
    messages = structured_messages()
    assert messages['body[0].heading'].msgid == '추진 배경'
    assert messages['body[2].items[1].items[0].items[1]'].msgid == '민원 제도 개선'
    assert messages['body[2].items[1].remark'].msgid == '회담 결과는 별도 배포 예정'
    assert messages['body[5].numbered[1].numbered[1]'].msgid == '예산{budget_note} 확보'
    assert messages['body[6].caption'].msgid == '협력단 일정'
    assert messages['body[6].rows[0][1]'].msgid == '장소'
    assert messages['body[6].rows[2][0].cell'].msgid == '회담'
    assert messages['body[7].box'].msgid == '참고'
    assert messages['body[7].body[1].items[0]'].msgid == '2017년 첫 파견'
    assert messages['footnotes.corps_note'].msgid == '한-아세안 공공행정 협력단'


def test_a_message_says_what_it_is_in_the_structure():
    messages = structured_messages()
    assert messages['body[6].caption'].comment == 'body[6].caption: the caption of a table'
    assert messages['body[7].box'].comment == 'body[7].box: the title of a box'
    assert messages['footnotes.budget_note'].comment == 'footnotes.budget_note: footnote 2'


def test_a_cell_of_placeholders_or_numbers_only_is_no_message():
    messages = structured_messages()
    assert 'body[6].rows[1][1]' not in messages   # {bangkok}
    assert not any(m.msgid in ('{bangkok}', '12', '1250') for m in messages.values())


def test_each_placeholder_is_explained_in_the_source_language():
    messages = structured_messages()
    assert messages['body[2].items[1].items[0].text'].notes == ('{kim}: 김서연 행정안전부 정부혁신조직실장',)
    assert messages['lead'].notes == ('{mois}: 행정안전부', '{corps}: 2019년 9월 19일~24일',
                                      '{corps_note}: the mark of footnote 1 (한-아세안 공공행정 협력단)')
    assert messages['body[0].heading'].notes == ()


def test_rendering_asks_for_no_notes_on_placeholders():
    assert all(m.notes == () for m in release_messages(load_record(STRUCTURED)))
