"""The gettext PO format: reading it strictly, writing it the way GNU tools do.

Translators' files are edited by Poedit, Weblate, GNU tools and text editors,
and each has its own way of wrapping lines.  So that rewriting a catalog never
makes noise, every entry keeps the exact text it was read from; only an entry
whose content changes is written anew, in the layout of GNU ``msgcat``
(79 columns, wide characters counting two).

Reading is strict where GNU ``msgfmt`` is: a syntax error, a duplicate
message, a catalog that is not UTF-8 are problems with their line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..kept import kept
from ..problems import InputError, Problem
from .linebreak import POSSIBLE, PROHIBITED, UNDEFINED, linebreaks

WIDTH = 79

_ESCAPES = {'n': '\n', 't': '\t', 'r': '\r', '"': '"', '\\': '\\', 'a': '\a', 'b': '\b', 'f': '\f', 'v': '\v'}
_MESSAGE_FIELDS = {'msgid', 'msgstr', 'msgctxt', 'msgid_plural', 'msgstr_plural', 'obsolete'}
_KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*)$')


@dataclass(frozen=True)
class Entry:
    """One message of a catalog, with its comments; ``raw`` is the text it was read from."""

    msgid: str
    msgstr: str = ''
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: tuple[str, ...] = ()
    translator_comments: tuple[str, ...] = ()
    extracted_comments: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = field(default=0, compare=False)
    raw: str | None = field(default=None, compare=False, repr=False)
    raw_message: str | None = field(default=None, compare=False, repr=False)

    @property
    def key(self):
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self):
        return 'fuzzy' in self.flags

    @property
    def translated(self):
        """Reviewed and complete: what may be published."""
        strings = self.msgstr_plural if self.msgid_plural is not None else (self.msgstr,)
        return not self.fuzzy and not self.obsolete and all(strings) and bool(strings)

    @property
    def msgstr_line(self):
        """The line of the msgstr, where a translator looks for a problem in the translation."""
        return self.line_holding('msgstr')

    def line_holding(self, text):
        """The first line of this entry, as read, that holds ``text`` (msgstr, a header field)."""
        if self.raw is None:
            return self.line
        lines = self.raw.splitlines()
        first = self.line - (len(lines) - len(self.raw.lstrip('\n').splitlines()))
        for offset, content in enumerate(lines):
            if content.lstrip('#~ ').startswith(text) or (text[0].isupper() and text in content):
                return first + offset
        return self.line

    def msgstr_line_at(self, offset: int) -> int | None:
        """The line of the msgstr that holds its character at ``offset``: a long translation
        spans lines, and a CJK one is wrapped inside its words."""
        line = self.msgstr_line
        if self.raw is None or line is None:
            return line
        lines = self.raw.splitlines()
        first = self.line - (len(lines) - len(self.raw.lstrip('\n').splitlines()))
        seen = 0
        for number in range(line, first + len(lines)):
            content = lines[number - first].strip()
            if number == line:
                content = content.partition(' ')[2].strip()  # msgstr "…"
            if not content.startswith('"'):
                break
            seen += len(_unquote(content))
            if seen > offset:
                return number
        return line

    def changed(self, **changes) -> Entry:
        """A copy with ``changes``; it will be written anew, keeping the text of its
        msgctxt/msgid/msgstr lines when only comments, flags or previous strings change."""
        message_changed = any(getattr(self, name) != value for name, value in changes.items()
                              if name in _MESSAGE_FIELDS)
        return replace(self, raw=None, raw_message=None if message_changed else self.raw_message, **changes)


@dataclass
class POFile:
    """A catalog: its header (the entry whose msgid is empty) and its messages, in order."""

    path: Path
    header: Entry
    entries: list[Entry]
    text: str = ''
    trailer: str = ''  # blank lines after the last entry
    bom: bool = False

    def text_of(self, header: Entry, entries: list[Entry]) -> str:
        """The text of this catalog with ``entries``, in its own line endings and ending.

        Entries written anew take the line ending most of the file has; the
        others keep theirs, so a file with both is left as it was.
        """
        crlf = self.text.count('\r\n') * 2 > self.text.count('\n')
        text = po_text(header, entries, self.trailer, newline='\r\n' if crlf else '\n')
        if not self.text.endswith('\n') and text.endswith('\n'):
            text = text[:-2] if text.endswith('\r\n') else text[:-1]
        return text

    def data(self, text: str) -> bytes:
        """``text`` as the file's bytes, with its byte-order mark if it had one."""
        return ('\ufeff' if self.bom else '').encode() + text.encode()

    @property
    def metadata(self) -> dict[str, str]:
        return parse_header(self.header.msgstr)

    def active(self):
        return [entry for entry in self.entries if not entry.obsolete]


def parse_header(text: str) -> dict[str, str]:
    fields = {}
    for line in text.split('\n'):
        name, colon, value = line.partition(':')
        if colon:
            fields[name.strip()] = value.strip()
    return fields


# -- reading ---------------------------------------------------------------------------------

def read_po(path: Path) -> POFile:
    """Parse ``path``; raise InputError naming the file and line of every problem found."""
    path = Path(path)
    data = path.read_bytes()
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b'\n') + 1
        raise InputError([Problem(path, line, '', 'not UTF-8 text; publisher reads UTF-8 catalogs '
                                                   '(convert with: msgconv --to-code=UTF-8)')]) from None
    return parse_po(path, text)


def parse_po(path: Path, text: str) -> POFile:
    """Parse the ``text`` of the catalog ``path`` (or read what parsing it gave before: see kept.py)."""
    return kept('catalogs', [str(Path(path).resolve()), text], _PARSERS, lambda: _parse_po(path, text))


#: The code that decides what parsing a catalog gives.
_PARSERS = tuple(Path(__file__).parent / name for name in ('pofile.py', 'linebreak.py', '../problems.py'))


def _parse_po(path: Path, text: str) -> POFile:
    bom = text.startswith('\ufeff')
    if bom:
        text = text[1:]
    entries, problems, trailer = _parse(path, text)
    header = next((entry for entry in entries if entry.msgid == '' and entry.msgctxt is None
                   and not entry.obsolete), None)
    if header is None:
        problems.append(Problem(path, 1, 'header', 'the catalog has no header (an entry with msgid "")'))
    else:
        problems += _check_header(path, header)
    problems += _check_duplicates(path, entries)
    if problems:
        raise InputError(problems)
    return POFile(path, header, [entry for entry in entries if entry is not header], text, trailer, bom)


def _check_header(path, header):
    content_type = parse_header(header.msgstr).get('Content-Type', '')
    match = re.search(r'charset=([\w.-]+)', content_type)
    line = header.line_holding('Content-Type')
    if not match:
        return [Problem(path, line, 'header', 'Content-Type gives no charset; '
                        'write "Content-Type: text/plain; charset=UTF-8\\n"')]
    if match[1].upper() not in ('UTF-8', 'UTF8'):
        return [Problem(path, line, 'header', f'the header says charset={match[1]}, but the file reads as UTF-8: '
                        'write charset=UTF-8 in the header')]
    return []


def _check_duplicates(path, entries):
    problems, seen = [], {}
    for entry in entries:
        line = entry.line_holding('msgid')
        if entry.key in seen:
            context = f' in context {entry.msgctxt!r}' if entry.msgctxt is not None else ''
            hint = '; delete the obsolete (#~) one' if entry.obsolete else ''
            problems.append(Problem(path, line, 'msgid', f'duplicate message definition of '
                                    f'{short_text(entry.msgid)}{context} (first on line {seen[entry.key]}){hint}'))
        else:
            seen[entry.key] = line
    return problems


def short_text(text):
    """The start of a long string, quoted, for messages."""
    return repr(text if len(text) <= 40 else text[:40] + '…')


class _Builder:
    """Collects the lines of one entry as they are read."""

    def __init__(self, line):
        self.line = line
        self.first = line
        self.lines = []
        self.fields = {}
        self.translator, self.extracted, self.references, self.flags = [], [], [], []
        self.previous = {}
        self.obsolete = None
        self.current = None  # the field a continuation "..." line adds to
        self.has_message = False
        self.broken = False  # a line of it was reported already


def _parse(path, text):
    entries, problems = [], []
    lines = text.split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    builder = None

    def finish():
        nonlocal builder
        if builder is None:
            return
        if builder.broken:
            pass  # its problem is reported already
        elif builder.has_message:
            entry = _entry(path, builder, problems)
            if entry is not None:
                entries.append(entry)
        elif any(line.strip() for line in builder.lines):
            problems.append(Problem(path, builder.first, '', 'comments without a message after them'))
        builder = None

    blank = []  # blank lines since the last entry: they belong to the next one
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped:
            if builder is not None and builder.has_message and 'msgstr' in _seen(builder):
                finish()
            if builder is None:
                blank.append(line)
            else:
                builder.lines.append(line)
            continue
        if builder is None:
            builder = _Builder(number - len(blank))
            builder.lines, blank = blank, []
        elif builder.has_message and stripped[0] != '"' and _starts_entry(stripped, builder):
            finish()
            builder = _Builder(number)
        builder.lines.append(line)
        try:
            _read_line(builder, stripped if stripped[0] != '#' else line.rstrip('\r').lstrip())
        except ValueError as error:
            problems.append(Problem(path, number, '', str(error)))
            builder.current = None
            builder.broken = True
    if builder is not None and not builder.has_message and not builder.broken:
        blank, builder = builder.lines + blank, None  # comments after the last entry: kept as they are
    finish()
    return entries, problems, '\n'.join(blank) + '\n' if blank else ''


def _starts_entry(line, builder):
    """Whether ``line`` begins the next entry rather than continuing this one."""
    if line.startswith('#~'):
        body = line[2:].lstrip()
        if body.startswith('|'):
            return True
        if body.startswith('"'):
            return False
        keyword = _KEYWORD.match(body)
        return keyword is not None and keyword[1] in ('msgctxt', 'msgid') and 'msgstr' in _seen(builder)
    if line.startswith('#'):
        return True
    keyword = _KEYWORD.match(line)
    return keyword is not None and keyword[1] in ('msgctxt', 'msgid') and 'msgstr' in _seen(builder)


def _seen(builder):
    return {name.split('[')[0] for name in builder.fields}


def _read_line(builder, line):
    if line[0] != '#':  # most lines: a message's keyword or its continuation
        if builder.obsolete:
            raise ValueError('an active line inside an obsolete (#~) entry')
        builder.obsolete = False
        _read_message(builder, line)
        return
    if line.startswith('#~'):
        if builder.obsolete is False:
            raise ValueError('an obsolete (#~) line inside an active entry')
        builder.obsolete = True
        body = line[2:].lstrip()
        if body.startswith('|'):
            _read_previous(builder, body[1:].lstrip())
        else:
            _read_message(builder, body)
        return
    if line.startswith('#|'):
        _read_previous(builder, line[2:].lstrip())
    elif line.startswith('#.'):
        builder.extracted.append(line[2:].removeprefix(' ').rstrip())
    elif line.startswith('#:'):
        builder.references += line[2:].split()
    elif line.startswith('#,'):
        builder.flags += [flag.strip() for flag in line[2:].split(',') if flag.strip()]
    else:  # a translator's comment, to the letter
        builder.translator.append(line[1:].removeprefix(' '))


def _read_previous(builder, body):
    match = _KEYWORD.match(body)
    if match and match[1] in ('msgctxt', 'msgid', 'msgid_plural'):
        builder.previous[match[1]] = _unquote(match[3])
        builder.current = ('previous', match[1])
    elif body.startswith('"') and builder.current and builder.current[0] == 'previous':
        builder.previous[builder.current[1]] += _unquote(body)
    else:
        raise ValueError(f'cannot read this #| line: {body[:40]}')


def _read_message(builder, line):
    if line[0] == '"':
        if not builder.current or builder.current[0] != 'field':
            raise ValueError('a string with no msgid or msgstr before it')
        builder.fields[builder.current[1]] += _unquote(line)
        return
    match = _KEYWORD.match(line)
    if match:
        name, value = match[1], _unquote(match[3])
        if name in builder.fields:
            raise ValueError(f'{name} given twice in one entry')
        _check_order(name, builder.fields)
        builder.fields[name] = value
        builder.current = ('field', name)
        builder.has_message = True
    else:
        raise ValueError(f'syntax error: {line[:40]!r} is not part of a PO entry')


_ORDER = {'msgctxt': 0, 'msgid': 1, 'msgid_plural': 2, 'msgstr': 3}


def _check_order(name, fields):
    """An entry reads msgctxt, msgid, msgid_plural, then msgstr."""
    rank = _ORDER[name.split('[')[0]]
    for given in fields:
        if _ORDER[given.split('[')[0]] > rank:
            raise ValueError(f'{name} must come before {given.split("[")[0]}')


def _entry(path, builder, problems):
    fields = builder.fields
    if 'msgid' not in fields:
        problems.append(Problem(path, _first_line(builder), '', 'an entry without msgid'))
        return None
    plural = fields.get('msgid_plural')
    indexes = sorted(int(name[7:-1]) for name in fields if name.startswith('msgstr['))
    if plural is None and 'msgstr' not in fields:
        problems.append(Problem(path, _first_line(builder), '', f'msgid {short_text(fields["msgid"])} has no msgstr'))
        return None
    if plural is not None and indexes != list(range(len(indexes))) or (plural is not None and not indexes):
        problems.append(Problem(path, _first_line(builder), '', f'msgid_plural {short_text(plural)} needs msgstr[0], msgstr[1]…'))
        return None
    # An entry's text ends at its last line; blank lines before it belong to it.
    return Entry(
        msgid=fields['msgid'],
        msgstr=fields.get('msgstr', ''),
        msgctxt=fields.get('msgctxt'),
        msgid_plural=plural,
        msgstr_plural=tuple(fields[f'msgstr[{i}]'] for i in indexes),
        translator_comments=tuple(builder.translator),
        extracted_comments=tuple(builder.extracted),
        references=tuple(builder.references),
        flags=tuple(builder.flags),
        previous_msgctxt=builder.previous.get('msgctxt'),
        previous_msgid=builder.previous.get('msgid'),
        previous_msgid_plural=builder.previous.get('msgid_plural'),
        obsolete=bool(builder.obsolete),
        line=_first_line(builder),
        raw='\n'.join(builder.lines) + '\n',
        raw_message=_message_lines(builder.lines),
    )


def _message_lines(lines):
    """The text from an entry's msgctxt or msgid line to its end."""
    for index, text in enumerate(lines):
        body = text.strip()
        if body.startswith('#~'):
            body = body[2:].lstrip()
            if body.startswith('|'):
                continue
        if body and not body.startswith('#'):
            return '\n'.join(lines[index:]) + '\n'
    return None


def _first_line(builder):
    for offset, text in enumerate(builder.lines):
        if text.strip():
            return builder.first + offset
    return builder.first


_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_STRINGS = re.compile(r'(?:"(?:[^"\\]|\\.)*"\s*)+')
_ESCAPE = re.compile(r'\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)')


def _unquote(text):
    """The value of one or more strings (``"a" "b"``), as GNU tools join them."""
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"' or _ends_escaped(text):
        raise ValueError('end of line within string (a closing " is missing)')
    body = text[1:-1]
    if '"' in body:
        strings = _STRINGS.fullmatch(text)
        if strings is None:
            raise ValueError('a " inside a string must be written \\"')
        body = ''.join(_STRING.findall(text))
    if '\\' not in body:  # most strings: nothing to unescape
        return body
    return _ESCAPE.sub(_unescape, body)


def _ends_escaped(text):
    if text[-2:-1] != '\\':
        return False
    backslashes = len(text[:-1]) - len(text[:-1].rstrip('\\'))
    return backslashes % 2 == 1


def _unescape(match):
    code = match[1]
    if code in _ESCAPES:
        return _ESCAPES[code]
    if code[0] == 'x':
        return chr(int(code[1:], 16))
    if code[0] in '01234567':
        return chr(int(code, 8))
    raise ValueError(f'invalid escape \\{code}')


# -- writing ---------------------------------------------------------------------------------

def po_text(header: Entry, entries: list[Entry], trailer: str = '', newline: str = '\n') -> str:
    """The text of a catalog: entries read from a file keep their text, others are written anew
    with ``newline`` at the end of each line."""
    def written(entry, before=''):
        if entry.raw is not None:
            return entry.raw
        text = (before + entry_text(entry)).replace('\r\n', '\n')  # a kept msgid may hold its old endings
        return text if newline == '\n' else text.replace('\n', newline)

    return written(header) + ''.join(written(entry, '\n') for entry in entries) + trailer


def entry_text(entry: Entry) -> str:
    """An entry as GNU msgcat writes it (without the blank line before it)."""
    if entry.raw is not None:
        return entry.raw
    prefix = '#~ ' if entry.obsolete else ''
    lines = [f'# {comment}' if comment else '#' for comment in entry.translator_comments]
    lines += [f'#. {comment}'.rstrip() for comment in entry.extracted_comments]
    lines += _references(entry.references)
    if entry.flags:
        lines.append('#, ' + ', '.join(entry.flags))
    directives = _directives_of(entry.flags)
    previous_prefix = '#~| ' if entry.obsolete else '#| '
    for keyword in ('msgctxt', 'msgid', 'msgid_plural'):
        text = getattr(entry, f'previous_{keyword}')
        if text is not None:
            lines += _field(previous_prefix, keyword, text, directives)
    if entry.raw_message is not None:
        return '\n'.join(lines) + '\n' + entry.raw_message.lstrip('\n') if lines else entry.raw_message
    if entry.msgctxt is not None:
        lines += _field(prefix, 'msgctxt', entry.msgctxt, directives)
    lines += _field(prefix, 'msgid', entry.msgid, directives)
    if entry.msgid_plural is not None:
        lines += _field(prefix, 'msgid_plural', entry.msgid_plural, directives)
        for index, text in enumerate(entry.msgstr_plural):
            lines += _field(prefix, f'msgstr[{index}]', text, directives)
    else:
        lines += _field(prefix, 'msgstr', entry.msgstr, directives)
    return '\n'.join(lines) + '\n'


def _references(references):
    lines, line = [], '#:'
    for reference in references:
        if line != '#:' and _width(line) + 1 + _width(reference) > WIDTH:
            lines.append(line)
            line = '#:'
        line += ' ' + reference
    return lines + [line] if references else []


def _width(text):
    return sum(2 if unicodedata.east_asian_width(char) in 'WF' else 1 for char in text)


# GNU tools never break a line inside a ``%(page)s`` directive (gettext 0.21 marks no
# python-brace-format directives: it breaks ``{mpm.short}`` after the dot, and so do we).
_DIRECTIVES = {
    'python-format': re.compile(r'%%|%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa]'),
}


def _directives_of(flags):
    """The pattern of the format directives of an entry with ``flags``, as msgcat finds them."""
    return next((_DIRECTIVES[flag] for flag in flags if flag in _DIRECTIVES), None)


def _field(prefix, keyword, text, directives=None):
    """``keyword "text"`` laid out as GNU msgcat does (write-po.c's ``wrap``).

    The text is cut after each ``\\n``; each portion is broken where the
    Unicode line-breaking rules of GNU libunistring allow, to fit 79 columns.
    When a string needs more than one line, its first line is ``keyword ""``.
    """
    lines = []
    first = True
    after_break = len(prefix) + 1  # the opening quote
    width = WIDTH - 1 - after_break  # and room for the closing one
    portions = re.split(r'(?<=\n)', text) if text else ['']
    portions = [portion for portion in portions if portion] or ['']
    offset = 0
    for number, portion in enumerate(portions):
        escaped, overrides = _escaped_portion(portion, offset, text, directives)
        offset += len(portion)
        last = number == len(portions) - 1
        while True:
            start = len(prefix) + (len(keyword) + 1 if first else 0) + 1 - after_break
            breaks = linebreaks(escaped, width, start, overrides)
            if first and escaped and (not last or start > width or POSSIBLE in breaks):
                lines.append(f'{prefix}{keyword} ""')
                first = False
                continue
            break
        pieces, begin = [], 0
        for index, kind in enumerate(breaks):
            if kind == POSSIBLE:
                pieces.append(escaped[begin:index])
                begin = index
        pieces.append(escaped[begin:])
        head = f'{prefix}{keyword} ' if first else prefix
        lines.append(f'{head}"{pieces[0].decode()}"')
        lines += [f'{prefix}"{piece.decode()}"' for piece in pieces[1:]]
        first = False
    return lines


_ESCAPED = {'\a': 'a', '\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't', '\v': 'v', '\\': '\\', '"': '"'}


def _escaped_portion(portion, offset, text, directives):
    """The UTF-8 bytes of ``portion`` as written between quotes, and where no break may fall."""
    inside = _inside_directives(text, directives)
    data, overrides = bytearray(), bytearray()
    for index, char in enumerate(portion):
        rule = PROHIBITED if offset + index in inside else UNDEFINED
        if char in _ESCAPED:
            data += b'\\' + _ESCAPED[char].encode()
            overrides += bytes((rule, PROHIBITED))
        else:
            encoded = char.encode()
            data += encoded
            overrides += bytes((rule,)) + bytes((PROHIBITED,)) * (len(encoded) - 1)
    if portion.endswith('\n'):
        overrides[-2] = PROHIBITED  # never break right before the "\n" that ends a portion
    return bytes(data), bytes(overrides)


def _inside_directives(text, directives):
    """The indexes of ``text`` inside a format directive, but for each one's first character."""
    if directives is None:
        return frozenset()
    return frozenset(index for match in directives.finditer(text)
                     if match[0] != '%%'
                     for index in range(match.start() + 1, match.end()))
