"""Providers: deep-translator's classes with each one's language codes and credentials."""

from __future__ import annotations

import pytest

from publisher.providers import PROVIDERS, ProviderError


@pytest.mark.parametrize('name, source, target', [
    ('mymemory', 'en-GB', 'ko-KR'),
    ('google', 'en', 'ko'),
    ('libre', 'en', 'ko'),
])
def test_each_provider_gets_its_own_language_codes(name, source, target):
    translator = PROVIDERS[name].translator('en', 'ko', url='http://127.0.0.1:9/')
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
