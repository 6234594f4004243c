"""A LibreTranslate-compatible server on loopback, for tests and benchmarks.

It speaks LibreTranslate's HTTP protocol: ``POST /translate`` with ``q``,
``source``, ``target``, ``format`` and ``api_key`` as JSON, form or query
parameters, answering ``{"translatedText": ...}``, and errors as the real
server sends them (``{"error": ...}`` with 400, 403, 429 or 500; 400 for a
text over its ``char_limit``, which ``GET /frontend/settings`` tells as
``charLimit``, unless ``says_limit`` is false). Its "translation" is the text tagged with the target
language, so tests can see what was sent. Faults can be scripted for the
next requests.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

ERRORS = {
    400: 'Invalid request: missing q parameter',
    403: 'Invalid API key',
    429: 'Too many request limits violations',
    500: 'Cannot translate text: the model failed',
    503: 'Service unavailable',
}


class QuietServer(ThreadingHTTPServer):
    """A server that lets a client go without a word: a client that refuses an answer too large
    closes the connection while it is being written, as real clients do."""

    def handle_error(self, request, client_address):
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LibreTranslate:
    """Start with ``with LibreTranslate() as server:``; ``server.url`` ends with a slash."""

    def __init__(self, latency: float = 0.0, char_limit: int = -1, says_limit: bool = True):
        self.latency = latency
        self.char_limit = char_limit
        self.says_limit = says_limit  # in /frontend/settings, as servers since 1.3 do
        self.faults = deque()
        self.requests = []
        self.queries = []  # each request's URL query string, as a proxy would log it
        self.headers = []  # each request's headers
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'
            # Answer in one packet, as a production server does: no Nagle delay
            # between the headers and the body.
            disable_nagle_algorithm = True
            wbufsize = -1

            def do_POST(self):
                server._handle(self)

            def do_GET(self):
                server._get(self)

            def _send(self, status, body, headers=()):
                data = json.dumps(body, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(data)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self._server = QuietServer(('127.0.0.1', 0), Handler)
        self._server.daemon_threads = True
        self.url = f'http://127.0.0.1:{self._server.server_port}/'

    def fail_next(self, *faults):
        """Script the next requests: ``(429, 1)`` a status with Retry-After, ``500``, ``'slow'``,
        ``'drop'`` (close the connection), ``'mangle'`` (lose the masks), ``'huge'`` (a 5 MB answer), ``'verbose'`` (the text ten times)."""
        self.faults.extend(faults)

    def _get(self, handler):
        path = urlsplit(handler.path).path
        if path == '/languages':
            handler._send(200, [{'code': 'en', 'name': 'English', 'targets': ['ko', 'ja', 'th', 'my']},
                                {'code': 'ko', 'name': 'Korean', 'targets': ['en', 'ja', 'th', 'my']},
                                {'code': 'th', 'name': 'Thai', 'targets': ['en', 'ko', 'my']},
                                {'code': 'my', 'name': 'Burmese', 'targets': ['en', 'ko', 'th']}])
        elif path == '/frontend/settings' and self.says_limit:
            handler._send(200, {'charLimit': self.char_limit, 'frontendTimeout': 500, 'apiKeys': False,
                                'keyRequired': False, 'suggestions': False, 'filesTranslation': True})
        else:
            handler._send(404, {'error': 'Not Found'})

    def _handle(self, handler):
        fields = self._fields(handler)
        with self._lock:
            self.requests.append(fields)
            self.queries.append(urlsplit(handler.path).query)
            self.headers.append(dict(handler.headers))
            fault = self.faults.popleft() if self.faults else None
        time.sleep(self.latency)
        if fault == 'drop':
            handler.connection.shutdown(socket.SHUT_RDWR)
            handler.close_connection = True
            return
        if fault == 'slow':
            time.sleep(3)
        if isinstance(fault, tuple) or isinstance(fault, int):
            status, retry_after = fault if isinstance(fault, tuple) else (fault, None)
            handler._send(status, {'error': ERRORS[status]},
                          [('Retry-After', str(retry_after))] if retry_after is not None else [])
            return
        if urlsplit(handler.path).path != '/translate':
            handler._send(404, {'error': 'Not Found'})
        elif not fields.get('q'):
            handler._send(400, {'error': ERRORS[400]})
        elif 0 < self.char_limit < len(fields['q']):
            handler._send(400, {'error': f'Invalid request: request ({len(fields["q"])}) exceeds text limit '
                                         f'({self.char_limit})'})
        else:
            text = fields['q']
            if fault == 'mangle':
                text = text.replace('{', '(').replace('}', ')')
            if fault == 'huge':
                text = 'x' * 5_000_000
            if fault == 'verbose':
                text = ' '.join([text] * 10)
            handler._send(200, {'translatedText': f'[{fields.get("target")}] {text}'})

    @staticmethod
    def _fields(handler):
        length = int(handler.headers.get('Content-Length') or 0)
        body = handler.rfile.read(length) if length else b''
        fields = {key: values[0] for key, values in parse_qs(urlsplit(handler.path).query).items()}
        if body and 'json' in (handler.headers.get('Content-Type') or ''):
            fields.update(json.loads(body))
        elif body:
            fields.update({key: values[0] for key, values in parse_qs(body.decode()).items()})
        return fields

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exception):
        self._server.shutdown()
        self._server.server_close()
