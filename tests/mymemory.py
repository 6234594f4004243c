"""A MyMemory-compatible server on loopback, for tests.

It speaks MyMemory's HTTP protocol: ``GET /get?q=...&langpair=ko-KR|en-GB``
(optionally ``de`` and ``key``), answering with its JSON: ``responseData``
holding ``translatedText`` and ``match``, ``responseStatus``,
``responseDetails`` and ``matches``.  As the real service, it refuses a
``q`` over 500 bytes with HTTP 200 and, in the body, ``responseStatus`` 403
and "QUERY LENGTH LIMIT EXCEEDED. MAX ALLOWED QUERY : 500 CHARS" (which it
also puts in ``translatedText``).  Its "translation" is the text tagged with
the target language, so tests can see what was sent.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

from libretranslate import LibreTranslate

MAX_QUERY = 500  # bytes of UTF-8, as MyMemory's documentation says
LENGTH_ERROR = 'QUERY LENGTH LIMIT EXCEEDED. MAX ALLOWED QUERY : 500 CHARS'


class MyMemory(LibreTranslate):
    """Start with ``with MyMemory() as server:``; ``server.url`` ends with a slash."""

    def _get(self, handler):
        parts = urlsplit(handler.path)
        fields = {key: values[0] for key, values in parse_qs(parts.query).items()}
        with self._lock:
            self.requests.append(fields)
            self.queries.append(parts.query)
        time.sleep(self.latency)
        if parts.path != '/get':
            handler._send(404, {'responseData': None, 'responseDetails': 'NOT FOUND', 'responseStatus': 404})
            return
        text, pair = fields.get('q', ''), fields.get('langpair', '')
        if len(text.encode()) > MAX_QUERY:
            handler._send(200, self._answer(LENGTH_ERROR, 403, LENGTH_ERROR, matches=''))
            return
        source, _, target = pair.partition('|')
        if not text or not source or not target:
            details = "INVALID LANGUAGE PAIR SPECIFIED. EXAMPLE: LANGPAIR=EN|IT USING 2 LETTER ISO OR RFC3066 LIKE LANGPAIR=EN-US|IT-IT"
            handler._send(200, self._answer(details, 403, details, matches=''))
            return
        translation = f'[{target}] {text}'
        handler._send(200, self._answer(translation, 200, '', matches=[{
            'id': '0', 'segment': text, 'translation': translation, 'source': source, 'target': target,
            'quality': '70', 'reference': None, 'usage-count': 0, 'subject': '', 'created-by': 'MT!',
            'last-updated-by': 'MT!', 'create-date': '2026-11-30 00:00:00', 'last-update-date': '2026-11-30 00:00:00',
            'match': 0.85, 'model': 'neural'}]))

    @staticmethod
    def _answer(translation, status, details, matches):
        return {'responseData': {'translatedText': translation, 'match': 0.85 if status == 200 else 0},
                'quotaFinished': False, 'mtLangSupported': None, 'responseDetails': details,
                'responseStatus': status, 'responderId': None, 'exception_code': None, 'matches': matches}
