"""Machine translation providers, through deep-translator, with bounded requests.

deep-translator knows each provider's protocol and its language codes, but
calls ``requests.get``/``requests.post`` with no timeout, no bound on the
answer, sometimes with the API key in the URL, and keeps the response to
itself.  While drafts are made, each provider module is given a stand-in for
``requests`` that:

- bounds every request by our timeout, and every answer to ``MAX_ANSWER``
  bytes;
- sends keys where the provider's protocol allows other than the URL (which
  proxies log): LibreTranslate's in a JSON body, DeepL's in the
  ``Authorization`` header; Microsoft's and Papago's are headers already;
  Google (deep-translator's) takes none; MyMemory takes a key only in the
  query string, so none is sent (its anonymous quota);
- reads refusals a provider writes in a successful answer (MyMemory);
- keeps the last response of each thread, so that retries can see its
  status and its ``Retry-After``.

Each provider's ``limit`` is how much text one request may carry, as the
provider documents it; drafts.py cuts longer strings to it.
"""

from __future__ import annotations

import importlib
import os
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass

import requests

from ..formats import locale

#: The largest answer read from a provider: a draft of a few thousand characters is a few kilobytes.
MAX_ANSWER = 1024 * 1024


class ProviderError(Exception):
    """A provider refused or could not be reached; ``retry_after`` is set when it is worth trying again."""

    def __init__(self, message, retry_after=None):
        super().__init__(message)
        self.retry_after = retry_after


class Refused(ProviderError):
    """The provider refuses this text (too long, malformed) or gave an answer too large: the entry is not
    drafted, and the run goes on.  ``limit`` is the provider's, when it says it refused a text over it."""

    def __init__(self, message, limit: Limit | None = None):
        super().__init__(message)
        self.limit = limit


@dataclass(frozen=True)
class Limit:
    """How much text one request may carry."""

    size: int
    unit: str = 'characters'  # or 'bytes', of UTF-8

    def fits(self, text: str) -> bool:
        return (len(text.encode()) if self.unit == 'bytes' else len(text)) <= self.size

    def __str__(self):
        return f'{self.size:,} {self.unit}'


@dataclass(frozen=True)
class Provider:
    """A deep-translator class and what it needs: its credentials' variables and options, its limit."""

    name: str
    module: str
    cls: str
    limit: Limit
    credentials: tuple[str, ...] = ()  # environment variables, in the order --api-key gives them (a:b)
    endpoint: str | None = None  # where --provider-url points: '' for LibreTranslate's base, 'get' for MyMemory
    default_url: str | None = None

    def translator(self, source: str, target: str, *, url=None, api_key=None):
        """A deep-translator object translating ``source`` into ``target`` (ISO codes), at ``url`` if given."""
        if url and self.endpoint is None:
            raise ProviderError(f'{self.name} takes no --provider-url')
        module = importlib.import_module(self.module)
        cls = getattr(module, self.cls)
        listed = _supported(module, cls)
        languages = {**listed, **(_served(url) if self.name == 'libre' and url else {})}
        codes = [_code(language, languages, self.name) for language in (source, target)]
        # deep-translator accepts only the languages of its own list: a served one is set after.
        stand_in = next(iter(listed.values()))
        options = {'source': codes[0] if codes[0] in listed.values() else stand_in,
                   'target': codes[1] if codes[1] in listed.values() else stand_in}
        options.update(self._credentials(api_key))
        base = url if not url or url.endswith('/') else url + '/'
        if self.name == 'libre' and base:
            options['custom_url'] = base
        translator = cls(**options)
        translator.source, translator.target = codes
        if self.name != 'libre' and (base or self.default_url):
            translator._base_url = base + self.endpoint if base else self.default_url
        return translator

    def limit_at(self, url: str | None, timeout: float) -> Limit:
        """The limit of the server at ``url``: a LibreTranslate server says its own (``--char-limit``)."""
        if self.name != 'libre' or not url:
            return self.limit
        try:
            answer = requests.get(url.rstrip('/') + '/frontend/settings', timeout=timeout, stream=True)
            _read_bounded(answer)
            size = int(answer.json().get('charLimit', -1)) if answer.ok else -1
        except (requests.RequestException, ValueError, TypeError, AttributeError):
            size = -1
        return Limit(size) if size > 0 else self.limit

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

#: Each provider's documented limit per request.  LibreTranslate's is its server's (see
#: Provider.limit_at), else 5,000 characters as most; Google's web service takes
#: 5,000 characters and deep-translator sends fewer; MyMemory takes 500 bytes and
#: deep-translator sends fewer than 500 characters; Microsoft Translator v3 takes
#: 50,000 characters; DeepL a request of 128 KiB (room kept for its other fields);
#: Papago 5,000 characters.
PROVIDERS = {provider.name: provider for provider in (
    Provider('libre', 'deep_translator.libre', 'LibreTranslator', Limit(5000), ('LIBRE_API_KEY',), endpoint=''),
    Provider('google', 'deep_translator.google', 'GoogleTranslator', Limit(4999)),
    Provider('mymemory', 'deep_translator.mymemory', 'MyMemoryTranslator', Limit(499, 'bytes'), endpoint='get',
             default_url='https://api.mymemory.translated.net/get'),
    Provider('microsoft', 'deep_translator.microsoft', 'MicrosoftTranslator', Limit(50000), ('MICROSOFT_API_KEY',)),
    Provider('deepl', 'deep_translator.deepl', 'DeeplTranslator', Limit(127 * 1024, 'bytes'), ('DEEPL_API_KEY',)),
    Provider('papago', 'deep_translator.papago', 'PapagoTranslator', Limit(5000),
             ('PAPAGO_CLIENT_ID', 'PAPAGO_SECRET_KEY')),
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
        answer = requests.get((url if url.endswith('/') else url + '/') + 'languages', timeout=5, stream=True)
        _read_bounded(answer)
        return {entry['name']: entry['code'] for entry in answer.json()}
    except (requests.RequestException, AnswerRefused, ValueError, TypeError, KeyError):
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

class AnswerRefused(requests.RequestException):
    """What the stand-in raises inside deep-translator; ``call`` turns it into a Refused."""


def _libre_request(method, url, options):
    """LibreTranslate takes its fields as JSON: the key and the text stay out of the URL."""
    options['json'] = options.pop('params', None) or {}
    return method, url, options


def _deepl_request(method, url, options):
    """DeepL takes its key in the Authorization header, and the text in a form."""
    fields = dict(options.pop('params', None) or {})
    key = fields.pop('auth_key', '')
    options['data'] = fields
    options['headers'] = {**(options.get('headers') or {}), 'Authorization': f'DeepL-Auth-Key {key}'}
    return 'POST', url, options


def _mymemory_refusal(response) -> tuple[int, str] | None:
    """MyMemory answers HTTP 200 even when it refuses, with the refusal's status and words in the body."""
    try:
        data = response.json()
        status = int(data.get('responseStatus', 200))
    except (ValueError, TypeError, AttributeError):
        return None
    return None if status == 200 else (status, str(data.get('responseDetails') or '').strip())


_REQUESTS = {'libre': _libre_request, 'deepl': _deepl_request}
_REFUSALS = {'mymemory': _mymemory_refusal}


class BoundedRequests:
    """What deep-translator sees as ``requests``: the same calls, bounded, with keys out of URLs."""

    exceptions = requests.exceptions
    RequestException = requests.RequestException

    def __init__(self, timeout: float, provider: str = ''):
        self.timeout = timeout
        self.provider = provider
        self._local = threading.local()

    def get(self, url, **options):
        return self._request('GET', url, **options)

    def post(self, url, **options):
        return self._request('POST', url, **options)

    def _request(self, method, url, **options):
        rewrite = _REQUESTS.get(self.provider)
        if rewrite:
            method, url, options = rewrite(method, url, options)
        options['timeout'] = self.timeout
        options['stream'] = True  # read by us, up to MAX_ANSWER
        session = getattr(self._local, 'session', None)
        if session is None:
            session = self._local.session = requests.Session()
        self._local.response = None
        response = session.request(method, url, **options)
        self._local.response = response
        try:
            _read_bounded(response)
        except AnswerRefused as error:
            self._local.refused = (0, str(error))
            raise
        refusal = _REFUSALS.get(self.provider)
        refused = refusal(response) if refusal else None
        if refused:
            self._local.refused = refused
            raise AnswerRefused(refused[1])
        return response

    def forget(self):
        """Start a new call: no response, no refusal yet."""
        self._local.response = self._local.refused = None

    @property
    def last_response(self):
        return getattr(self._local, 'response', None)

    @property
    def refused(self) -> tuple[int, str] | None:
        """The status and words of a refusal written in the last answer."""
        return getattr(self._local, 'refused', None)


def _read_bounded(response):
    """Read the body of ``response``, refusing one larger than MAX_ANSWER."""
    declared = response.headers.get('Content-Length', '')
    if declared.isdigit() and int(declared) > MAX_ANSWER:
        response.close()
        raise AnswerRefused(f'an answer of {int(declared):,} bytes, over the {MAX_ANSWER:,} read')
    chunks, size = [], 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > MAX_ANSWER:
            response.close()
            raise AnswerRefused(f'an answer of more than {MAX_ANSWER:,} bytes')
        chunks.append(chunk)
    response._content = b''.join(chunks)


@contextmanager
def bounded(provider: Provider, timeout: float):
    """Give ``provider``'s deep-translator module bounded requests while the block runs."""
    module = importlib.import_module(provider.module)
    original = module.requests
    transport = BoundedRequests(timeout, provider.name)
    module.requests = transport
    try:
        yield transport
    finally:
        module.requests = original


#: HTTP statuses that refuse the text sent, not the client: the entry is not drafted, the run goes on.
_TEXT_REFUSED = {400, 413, 414, 422}
#: How a LibreTranslate server refuses a text over its limit (when it does not say its limit beforehand).
_OVER_LIMIT = re.compile(r'exceeds text limit \((\d+)\)')


def call(translator, transport: BoundedRequests, text: str) -> str:
    """Translate ``text``; raise Refused for this text, or ProviderError saying whether and when to retry."""
    transport.forget()
    try:
        result = translator.translate(text)
    except AnswerRefused as error:
        raise _refusal(transport, str(error)) from None
    except requests.Timeout:
        raise ProviderError('no answer within the timeout', retry_after=0) from None
    except requests.ConnectionError as error:
        raise ProviderError(f'cannot connect ({_reason(error)})', retry_after=0) from None
    except Exception as error:  # deep-translator's own exceptions carry no status: read the response
        if transport.refused:
            raise _refusal(transport, transport.refused[1]) from None
        response = transport.last_response
        if response is None:  # deep-translator refused it before sending; its message holds the text
            raise Refused(f'deep-translator refused it ({type(error).__name__})') from None
        if response.status_code == 429 or response.status_code >= 500:
            raise ProviderError(f'HTTP {response.status_code}: {_error_text(response)}',
                                retry_after=_retry_after(response)) from None
        detail = f'HTTP {response.status_code}: {_error_text(response)}'.strip()
        if response.status_code not in _TEXT_REFUSED:
            raise ProviderError(detail) from None
        over = _OVER_LIMIT.search(detail)
        raise Refused(detail, Limit(int(over[1])) if over else None) from None
    if not isinstance(result, str) or not result:
        raise ProviderError('an empty translation', retry_after=0)
    return result


def _refusal(transport, words):
    """A refusal written in an answer: MyMemory's 429 is worth a retry, the others refuse the text."""
    if transport.refused and transport.refused[0] == 429:
        return ProviderError(words, retry_after=0)
    return Refused(words)


def _retry_after(response):
    value = response.headers.get('Retry-After', '')
    return float(value) if value.replace('.', '', 1).isdigit() else 0


def _error_text(response):
    try:
        return str(response.json().get('error', '')) or response.reason
    except (ValueError, AttributeError):
        return response.reason or ''


def _reason(error):
    text = str(error)
    for marker in ('Connection refused', 'Name or service not known', 'Connection aborted', 'Remote end closed'):
        if marker in text:
            return marker.lower()
    return text[:80]
