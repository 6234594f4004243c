"""Providers: deep-translator's classes with each one's language codes and credentials."""

from __future__ import annotations

import pytest

from publisher.drafts.providers import PROVIDERS, ProviderError, Refused, bounded, call

from libretranslate import LibreTranslate
from mymemory import MyMemory


@pytest.mark.parametrize('name, source, target', [
    ('mymemory', 'en-GB', 'ko-KR'),
    ('google', 'en', 'ko'),
    ('libre', 'en', 'ko'),
])
def test_each_provider_gets_its_own_language_codes(name, source, target):
    translator = PROVIDERS[name].translator('en', 'ko')
    assert (translator.source, translator.target) == (source, target)


def test_a_self_hosted_libretranslate_needs_no_key_and_gets_its_slash():
    translator = PROVIDERS['libre'].translator('ko', 'en', url='http://127.0.0.1:9')
    assert translator._base_url == 'http://127.0.0.1:9/'


def test_credentials_come_from_the_environment_or_the_option(monkeypatch):
    monkeypatch.delenv('MICROSOFT_API_KEY', raising=False)
    with pytest.raises(ProviderError, match='microsoft needs MICROSOFT_API_KEY'):
        PROVIDERS['microsoft'].translator('en', 'ko')
    with pytest.raises(ProviderError, match='papago needs PAPAGO_CLIENT_ID and PAPAGO_SECRET_KEY'):
        PROVIDERS['papago'].translator('en', 'ko', api_key='only-one-part')
    translator = PROVIDERS['papago'].translator('en', 'ko', api_key='id:secret')
    assert (translator.client_id, translator.secret_key) == ('id', 'secret')


def test_a_language_a_provider_lacks_is_named():
    with pytest.raises(ProviderError, match='libre does not translate Welsh'):
        PROVIDERS['libre'].translator('en', 'cy', url='http://127.0.0.1:9/')


@pytest.fixture
def server():
    with LibreTranslate() as running:
        yield running


def translate_once(name, url, text, api_key=None):
    provider = PROVIDERS[name]
    translator = provider.translator('ko', 'en', url=url, api_key=api_key)
    with bounded(provider, 5) as transport:
        return call(translator, transport, text)


def test_a_libretranslate_key_and_text_go_in_the_body_never_in_the_url(server):
    assert translate_once('libre', server.url, '안녕하세요', api_key='secret-key') == '[en] 안녕하세요'
    assert server.queries == [''] and server.requests[0]['api_key'] == 'secret-key'


def test_a_deepl_key_goes_in_the_authorization_header(server):
    provider = PROVIDERS['deepl']
    translator = provider.translator('en', 'de', api_key='secret-key')
    translator._base_url = server.url  # the loopback server records what DeepL would receive
    with bounded(provider, 5) as transport, pytest.raises(ProviderError):
        call(translator, transport, 'Hello')  # it answers LibreTranslate's way, not DeepL's
    assert server.queries == [''] and 'auth_key' not in server.requests[0]
    assert server.headers[0]['Authorization'] == 'DeepL-Auth-Key secret-key'
    assert server.requests[0]['text'] == 'Hello'


def test_a_5_mb_answer_is_refused(server):
    server.fail_next('huge')
    with pytest.raises(Refused, match='an answer of 5,000,0.. bytes, over the 1,048,576 read'):
        translate_once('libre', server.url, '안녕하세요')


def test_mymemorys_length_error_in_a_successful_answer_refuses_the_text():
    with MyMemory() as server:
        assert translate_once('mymemory', server.url, '안녕하세요') == '[en-GB] 안녕하세요'
        with pytest.raises(Refused, match='QUERY LENGTH LIMIT EXCEEDED. MAX ALLOWED QUERY : 500 CHARS'):
            translate_once('mymemory', server.url, '가' * 200)  # 600 bytes: deep-translator lets it through


def test_each_provider_knows_its_limit_and_a_libretranslate_server_says_its_own():
    assert str(PROVIDERS['mymemory'].limit) == '499 bytes'
    assert PROVIDERS['google'].limit.fits('a' * 4999) and not PROVIDERS['google'].limit.fits('a' * 5000)
    with LibreTranslate(char_limit=1200) as server:
        assert str(PROVIDERS['libre'].limit_at(server.url, 5)) == '1,200 characters'
    with LibreTranslate() as server:
        assert PROVIDERS['libre'].limit_at(server.url, 5) == PROVIDERS['libre'].limit


def test_a_libretranslate_server_translates_the_languages_it_serves():
    """Thai and Burmese are missing from deep-translator's list; a server that serves them is asked."""
    from libretranslate import LibreTranslate

    with LibreTranslate() as server:
        for source, target in (('en', 'th'), ('my', 'th'), ('th', 'my'), ('my', 'ko')):
            translator = PROVIDERS['libre'].translator(source, target, url=server.url)
            assert translator.translate('Naypyitaw') == f'[{target}] Naypyitaw'
        assert [(request['source'], request['target']) for request in server.requests] == [
            ('en', 'th'), ('my', 'th'), ('th', 'my'), ('my', 'ko')]
        with pytest.raises(ProviderError, match='libre does not translate Welsh'):
            PROVIDERS['libre'].translator('en', 'cy', url=server.url)
