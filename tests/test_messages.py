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
