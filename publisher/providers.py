"""Machine translation providers, through deep-translator, with bounded requests.

deep-translator knows each provider's protocol and its language codes, but
calls ``requests.get``/``requests.post`` with no timeout and keeps the
response to itself.  While drafts are made, each provider module is given a
stand-in for ``requests`` that bounds every request by our timeout and keeps
the last response of each thread, so that retries can see its status and its
``Retry-After``.
"""

from __future__ import annotations

import importlib
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass

import requests

from .formats import locale


class ProviderError(Exception):
    """A provider refused or could not be reached; ``retry_after`` is set when it is worth trying again."""

    def __init__(self, message, retry_after=None):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Provider:
    """A deep-translator class and what it needs: its credentials' variables and options."""

    name: str
    module: str
    cls: str
    credentials: tuple[str, ...] = ()  # environment variables, in the order --api-key gives them (a:b)
    takes_url: bool = False

    def translator(self, source: str, target: str, *, url=None, api_key=None):
        """A deep-translator object translating ``source`` into ``target`` (ISO codes)."""
        module = importlib.import_module(self.module)
        cls = getattr(module, self.cls)
        listed = _supported(module, cls)
        languages = {**listed, **(_served(url) if self.takes_url and url else {})}
        codes = [_code(language, languages, self.name) for language in (source, target)]
        # deep-translator accepts only the languages of its own list: a served one is set after.
        stand_in = next(iter(listed.values()))
        options = {'source': codes[0] if codes[0] in listed.values() else stand_in,
                   'target': codes[1] if codes[1] in listed.values() else stand_in}
        options.update(self._credentials(api_key))
        if self.takes_url and url:
            options['custom_url'] = url if url.endswith('/') else url + '/'
        translator = cls(**options)
        translator.source, translator.target = codes
        return translator

    def _credentials(self, api_key):
        if not self.credentials:
            return {}
        values = api_key.split(':') if api_key else [os.environ.get(name, '') for name in self.credentials]
        if self.name == 'libre' and not any(values):
            values = ['none']  # self-hosted LibreTranslate servers need no key; deep-translator wants one
        if len(values) != len(self.credentials) or not all(values):
            names = ' and '.join(self.credentials)
            raise ProviderError(f'{self.name} needs {names}: set them in the environment or give --api-key'
                                + (' as ' + ':'.join(self.credentials) if len(self.credentials) > 1 else ''))
        return dict(zip(_ARGUMENTS[self.name], values))


_ARGUMENTS = {
    'libre': ('api_key',),
    'microsoft': ('api_key',),
    'deepl': ('api_key',),
    'papago': ('client_id', 'secret_key'),
}

PROVIDERS = {provider.name: provider for provider in (
    Provider('libre', 'deep_translator.libre', 'LibreTranslator', ('LIBRE_API_KEY',), takes_url=True),
    Provider('google', 'deep_translator.google', 'GoogleTranslator'),
    Provider('mymemory', 'deep_translator.mymemory', 'MyMemoryTranslator'),
    Provider('microsoft', 'deep_translator.microsoft', 'MicrosoftTranslator', ('MICROSOFT_API_KEY',)),
    Provider('deepl', 'deep_translator.deepl', 'DeeplTranslator', ('DEEPL_API_KEY',)),
    Provider('papago', 'deep_translator.papago', 'PapagoTranslator', ('PAPAGO_CLIENT_ID', 'PAPAGO_SECRET_KEY')),
)}


def _supported(module, cls):
    """The provider's language names and codes, as deep-translator lists them."""
    from deep_translator import constants
    names = {
        'LibreTranslator': 'LIBRE_LANGUAGES_TO_CODES', 'MyMemoryTranslator': 'MY_MEMORY_LANGUAGES_TO_CODES',
        'DeeplTranslator': 'DEEPL_LANGUAGE_TO_CODE', 'PapagoTranslator': 'PAPAGO_LANGUAGE_TO_CODE',
    }
    return getattr(constants, names.get(cls.__name__, 'GOOGLE_LANGUAGES_TO_CODES'))


def _served(url):
    """{name: code} of the languages a LibreTranslate server says it translates (``GET /languages``):
    a self-hosted server may serve languages, Thai and Burmese among them, that deep-translator's
    list predates.  Nothing when it does not answer; translating then says what is wrong."""
    try:
        answer = requests.get((url if url.endswith('/') else url + '/') + 'languages', timeout=5)
        return {entry['name']: entry['code'] for entry in answer.json()}
    except (requests.RequestException, ValueError, TypeError, KeyError):
        return {}


def _code(language, languages, provider):
    """The provider's code for an ISO language: ``ko`` for most, ``ko-KR`` for MyMemory."""
    if language in languages.values() or language in languages:  # Papago's table runs code -> name
        return language
    name = locale(language).english_name.lower()
    for key, code in languages.items():
        if key.lower() == name:
            return code
    raise ProviderError(f'{provider} does not translate {locale(language).english_name} ({language})')


# -- bounded requests ----------------------------------------------------------------------

class BoundedRequests:
    """What deep-translator sees as ``requests``: the same calls, with a timeout."""

    exceptions = requests.exceptions
    RequestException = requests.RequestException

    def __init__(self, timeout: float):
        self.timeout = timeout
        self._local = threading.local()

    def get(self, url, **options):
        return self._request('GET', url, **options)

    def post(self, url, **options):
        return self._request('POST', url, **options)

    def _request(self, method, url, **options):
        options['timeout'] = self.timeout
        session = getattr(self._local, 'session', None)
        if session is None:
            session = self._local.session = requests.Session()
        self._local.response = None
        response = session.request(method, url, **options)
        self._local.response = response
        return response

    @property
    def last_response(self):
        return getattr(self._local, 'response', None)


@contextmanager
def bounded(provider: Provider, timeout: float):
    """Give ``provider``'s deep-translator module bounded requests while the block runs."""
    module = importlib.import_module(provider.module)
    original = module.requests
    transport = BoundedRequests(timeout)
    module.requests = transport
    try:
        yield transport
    finally:
        module.requests = original


def call(translator, transport: BoundedRequests, text: str) -> str:
    """Translate ``text``; raise ProviderError saying whether and when to retry."""
    try:
        result = translator.translate(text)
    except requests.Timeout:
        raise ProviderError('no answer within the timeout', retry_after=0) from None
    except requests.ConnectionError as error:
        raise ProviderError(f'cannot connect ({_reason(error)})', retry_after=0) from None
    except Exception as error:  # deep-translator's own exceptions carry no status: read the response
        response = transport.last_response
        if response is not None and (response.status_code == 429 or response.status_code >= 500):
            raise ProviderError(f'HTTP {response.status_code}: {_error_text(response)}',
                                retry_after=_retry_after(response)) from None
        detail = f'HTTP {response.status_code}: {_error_text(response)}' if response is not None else str(error)
        raise ProviderError(detail.strip() or type(error).__name__) from None
    if not isinstance(result, str) or not result:
        raise ProviderError('an empty translation', retry_after=0)
    return result


def _retry_after(response):
    value = response.headers.get('Retry-After', '')
    return float(value) if value.replace('.', '', 1).isdigit() else 0


def _error_text(response):
    try:
        return str(response.json().get('error', '')) or response.reason
    except ValueError:
        return response.reason or ''


def _reason(error):
    text = str(error)
    for marker in ('Connection refused', 'Name or service not known', 'Connection aborted', 'Remote end closed'):
        if marker in text:
            return marker.lower()
    return text[:80]
