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

from .problems import InputError, Problem

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
        """The text of this catalog with ``entries``, in its own line endings and ending."""
        text = po_text(header, entries, self.trailer)
        if '\r\n' in self.text:
            text = text.replace('\r\n', '\n').replace('\n', '\r\n')
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
    """Parse the ``text`` of the catalog ``path``."""
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
        if entry.obsolete:
            continue
        line = entry.line_holding('msgid')
        if entry.key in seen:
            context = f' in context {entry.msgctxt!r}' if entry.msgctxt is not None else ''
            problems.append(Problem(path, line, 'msgid', f'duplicate message definition of '
                                    f'{short_text(entry.msgid)}{context} (first on line {seen[entry.key]})'))
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
            if builder is not None and builder.has_message:
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
            _read_line(builder, stripped)
        except ValueError as error:
            problems.append(Problem(path, number, '', str(error)))
            builder.current = None
            builder.broken = True
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
        builder.extracted.append(line[2:].removeprefix(' '))
    elif line.startswith('#:'):
        builder.references += line[2:].split()
    elif line.startswith('#,'):
        builder.flags += [flag.strip() for flag in line[2:].split(',') if flag.strip()]
    else:
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


_BARE_QUOTE = re.compile(r'(?<!\\)(?:\\\\)*"')
_ESCAPE = re.compile(r'\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)')


def _unquote(text):
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"' or _ends_escaped(text):
        raise ValueError('end of line within string (a closing " is missing)')
    body = text[1:-1]
    if '\\' not in body:  # most strings: nothing to unescape
        if '"' in body:
            raise ValueError('a " inside a string must be written \\"')
        return body
    if _BARE_QUOTE.search(body):
        raise ValueError('a " inside a string must be written \\"')
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

def po_text(header: Entry, entries: list[Entry], trailer: str = '') -> str:
    """The text of a catalog: entries read from a file keep their text, others are written anew."""
    texts = [entry_text(header)]
    texts += [entry.raw if entry.raw is not None else '\n' + entry_text(entry) for entry in entries]
    return ''.join(texts) + trailer


def entry_text(entry: Entry) -> str:
    """An entry as GNU msgcat writes it (without the blank line before it)."""
    if entry.raw is not None:
        return entry.raw
    prefix = '#~ ' if entry.obsolete else ''
    lines = [f'# {comment}'.rstrip() for comment in entry.translator_comments]
    lines += [f'#. {comment}'.rstrip() for comment in entry.extracted_comments]
    lines += _references(entry.references)
    if entry.flags:
        lines.append('#, ' + ', '.join(entry.flags))
    previous_prefix = f'{prefix}#| ' if not entry.obsolete else '#~| '
    if entry.previous_msgctxt is not None:
        lines += _field(previous_prefix, 'msgctxt', entry.previous_msgctxt)
    if entry.previous_msgid is not None:
        lines += _field(previous_prefix, 'msgid', entry.previous_msgid)
    if entry.raw_message is not None:
        return '\n'.join(lines) + '\n' + entry.raw_message.lstrip('\n') if lines else entry.raw_message
    if entry.msgctxt is not None:
        lines += _field(prefix, 'msgctxt', entry.msgctxt)
    lines += _field(prefix, 'msgid', entry.msgid)
    if entry.msgid_plural is not None:
        lines += _field(prefix, 'msgid_plural', entry.msgid_plural)
        for index, text in enumerate(entry.msgstr_plural):
            lines += _field(prefix, f'msgstr[{index}]', text)
    else:
        lines += _field(prefix, 'msgstr', entry.msgstr)
    return '\n'.join(lines) + '\n'


def _references(references):
    lines, line = [], '#:'
    for reference in references:
        if line != '#:' and _width(line) + 1 + _width(reference) > WIDTH:
            lines.append(line)
            line = '#:'
        line += ' ' + reference
    return lines + [line] if references else []


def _field(prefix, keyword, text):
    """``keyword "text"`` wrapped as GNU msgcat does: 79 columns, broken after spaces and \\n."""
    escaped = _escape(text)
    single = f'{prefix}{keyword} "{escaped}"'
    if _width(single) <= WIDTH and '\\n' not in escaped[:-2]:
        return [single]
    lines = [f'{prefix}{keyword} ""']
    for segment in _segments(escaped):
        lines += [f'{prefix}"{part}"' for part in _wrap(segment, WIDTH - _width(prefix) - 2)]
    return lines


def _escape(text):
    return (text.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')
            .replace('\t', '\\t').replace('\r', '\\r'))


def _segments(escaped):
    """Split after each \\n, as GNU tools start a new line there."""
    parts = re.split(r'(?<=\\n)', escaped)
    return [part for part in parts if part] or ['']


def _wrap(text, width):
    """Break ``text`` into pieces no wider than ``width`` columns, filling each.

    Lines break after a space or between two wide (Hangul, CJK) characters,
    the break opportunities GNU tools take in the strings of a catalog.
    """
    if _width(text) <= width:
        return [text]
    pieces, current, current_width = [], '', 0
    for unit in _breakable_units(text):
        unit_width = _width(unit)
        if current and current_width + unit_width > width:
            pieces.append(current)
            current, current_width = '', 0
        current += unit
        current_width += unit_width
    if current:
        pieces.append(current)
    return pieces


_OPENING = set('([{‘“«')


def _breakable_units(text):
    """``text`` cut at every place a line may break, as GNU's line breaking allows."""
    units, start = [], 0
    for index in range(1, len(text)):
        if _may_break(text[index - 1], text[index]):
            units.append(text[start:index])
            start = index
    units.append(text[start:])
    return units


def _may_break(before, after):
    if after == ' ' or before in _OPENING:
        return False
    if before == ' ':
        return True
    if _wide(before):
        return _wide(after) or after in _OPENING or after.isalnum()
    if _wide(after):
        return True
    # After a closing brace or a hyphen before a letter, as UAX #14 allows: {yoon.short}ยังได้, อาเซียน-เกาหลี.
    return before in '.}-' and after.isalpha()


def _wide(char):
    return unicodedata.east_asian_width(char) in 'WF'


def _width(text):
    """Columns, as GNU counts them: wide characters take two, marks that combine (Thai and Burmese
    vowels and tones above and below) none."""
    return sum(2 if _wide(char) else 0 if unicodedata.category(char) in ('Mn', 'Me', 'Cf') else 1 for char in text)
