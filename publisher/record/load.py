"""Reading a record file: YAML read safely within the limits, every field's line, and problems in the user's terms."""

from __future__ import annotations

import difflib

import re
import stat
from datetime import datetime
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..characters import refused_character
from ..problems import InputError, Problem
from ..workspace import Workspace
from ..kept import file_state, kept
from . import limits
from .blocks import (
    BRANCHES, Box, BulletList, Cell, Heading, Item, Note, NumberedList, Quote, Remark, Subheading, Table,
    structure_problems)
from .fields import (
    EMAIL_PATTERN, FACT_NAME_PATTERN, ID_PATTERN, LANGUAGE_PATTERN, URL_PATTERN, PlaceholderError,
    field_path, placeholders)
from .contacts import Reachable
from .model import (
    DATE_SHAPES, Amount, Attachment, Contact, Event, Link, Number, Organisation, Partner, Person, Photo, Place,
    Range, Release, _fact_attributes)


def load_record(path) -> Release:
    """Read and validate a record file; raise InputError listing every problem.

    A record validated before, with the same text in the same place and its
    photos and attachments unchanged, is read back from the user's cache
    (kept.py): validating is most of the time ``check`` takes over many
    releases.
    """
    return load_record_and_files(path)[0]


def load_record_and_files(path) -> tuple[Release, dict[str, tuple | None]]:
    """``load_record``, and the state of every file its validation looked at (its photos and attachments), by
    path: what a reading made from the record is kept with (see publishing/summary.py)."""
    path = Path(path)
    text = _read_text(path)
    workspace = Workspace.of_record(path)
    release, files = kept('releases', [str(path.resolve()), repr(limits.LIMITS), text, str(workspace.root)],
                          _VALIDATORS, lambda: _validated(path, text, workspace), still_true=_files_unchanged)
    release._source = path  # as the user named it, for the messages
    return release, files


def _validated(path: Path, text: str, workspace: Workspace) -> tuple[Release, dict[str, tuple]]:
    """The release ``text`` holds, and the state of every file its validation looked at (its photos and
    attachments), by path; raise InputError listing every problem."""
    data, lines, problems = kept('records', [str(path.resolve()), repr(limits.LIMITS), text], _READERS,
                                 lambda: _parse_yaml(path, text))
    if data is None:
        raise InputError(problems or [Problem(path, 1, '', 'the file is empty')])
    if not isinstance(data, dict):
        raise InputError([Problem(path, 1, '', 'a record is a mapping of fields, such as "id: ..."')])

    context = {
        'facts': _fact_attributes(data),
        'languages': _languages(data),
        'folder': path.parent.resolve(),
        'workspace': workspace,
        'country': _issuer_country(data),
        'files': [],
    }
    problems += _cross_checks(path, lines, data)
    try:
        release = Release.model_validate(data, context=context)
    except ValidationError as error:
        problems += [_problem(path, lines, detail, text) for detail in error.errors()]
        raise InputError(sorted(problems, key=_position)) from None
    if problems:
        raise InputError(sorted(problems, key=_position))
    release._source = path
    release._lines = lines
    release._workspace = workspace
    return release, {str(file): file_state(file) for file in context['files']}


def _files_unchanged(reading) -> bool:
    """Whether the files a kept validation looked at are as they were then."""
    _, states = reading
    return all(file_state(Path(file)) == state for file, state in states.items())


def _issuer_country(data) -> str | None:
    """The issuer's country as the record gives it: a phone written without its country code is read as one
    of its numbers."""
    organisations = data.get('organisations')
    issuer = organisations.get(data.get('issuer')) if isinstance(organisations, dict) else None
    country = issuer.get('country') if isinstance(issuer, dict) else None
    return country if isinstance(country, str) else None


#: The code that decides what reading a record's YAML gives (see kept.py).
_READERS = tuple(Path(__file__).parent / name for name in ('load.py', 'limits.py', 'fields.py', '../characters.py',
                                                           '../problems.py'))
#: The code that decides what validating a record gives.
_VALIDATORS = tuple(sorted(Path(__file__).parent.glob('*.py'))) + tuple(
    Path(__file__).parent.parent / name for name in ('characters.py', 'problems.py', 'workspace.py'))


def _read_text(path: Path) -> str:
    """The text of a record file, refused when it is too large or not UTF-8."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise InputError([Problem(path, None, '', 'not a file')])
        with open(path, 'rb') as file:
            data = file.read(limits.LIMITS.record_bytes + 1)
    except FileNotFoundError:
        raise InputError([Problem(path, None, '', 'no such record file')]) from None
    except OSError as error:
        raise InputError([Problem(path, None, '', error.strerror or str(error))]) from None
    if len(data) > limits.LIMITS.record_bytes:
        raise InputError([Problem(path, None, '', f'the record is larger than {limits.LIMITS.record_bytes:,} bytes, '
                                                  'the limit for a record')])
    try:
        return data.decode('utf-8')
    except UnicodeDecodeError as error:
        line, column = _line_and_column(data, error.start)
        raise InputError([Problem(path, line, '', f'not UTF-8 text: byte 0x{data[error.start]:02x} at column '
                                                  f'{column} ({error.reason}); save the record as UTF-8')]) from None


def _line_and_column(data: bytes, offset: int) -> tuple[int, int]:
    """The line and column (in characters, from 1) of the byte at ``offset``."""
    start = data.rfind(b'\n', 0, offset) + 1
    return data.count(b'\n', 0, offset) + 1, len(data[start:offset].decode('utf-8', 'replace')) + 1


def _languages(data):
    """The release's languages that names must be given in: only valid ones, so that one
    mistyped language is reported once, not again for every name."""
    from babel import localedata

    languages = data.get('languages')
    if not isinstance(languages, list):
        return []
    return [lang for lang in languages
            if isinstance(lang, str) and re.fullmatch(LANGUAGE_PATTERN, lang) and localedata.exists(lang)]


def _cross_checks(path, lines, data):
    """Rules between sections: one name per fact, one file name per output folder."""
    problems = []
    seen = {}
    for section in ('people', 'organisations', 'places', 'dates', 'numbers', 'amounts', 'links', 'footnotes'):
        if not isinstance(data.get(section), dict):
            continue
        for name in data[section]:
            if name in seen:
                problems.append(Problem(path, lines.get((section, name)), f'{section}.{name}',
                                        f"'{name}' is also declared in {seen[name]}; "
                                        'placeholders need one name per fact'))
            seen[name] = section
    files = {}
    for section in ('photos', 'attachments'):
        items = data.get(section)
        for index, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict) or not isinstance(item.get('file'), str):
                continue
            name = Path(item['file']).name
            if name in files:
                problems.append(Problem(path, lines.get((section, index, 'file')), f'{section}[{index}].file',
                                        f"another file is also named '{name}' ({files[name]})"))
            files[name] = f'{section}[{index}].file'
    problems += [Problem(path, _line(lines, location), field_path(location), message)
                 for location, message in structure_problems(data.get('body'))]
    return problems + _footnote_problems(path, lines, data)


def _footnote_problems(path, lines, data):
    """Every footnote is referred to, from the lead or the body only: its mark is printed there."""
    notes = data.get('footnotes')
    if not isinstance(notes, dict):
        return []
    names, referenced, problems = {str(name) for name in notes}, set(), []
    for location, text in _texts(data, ()):
        found = sorted(names.intersection(_names_in(text)))
        if not found:
            continue
        if location[0] in ('lead', 'body'):
            referenced.update(found)
        else:
            problems.append(Problem(path, _line(lines, location), field_path(location),
                                    f'{{{found[0]}}} is a footnote, which only the lead and the body refer to'))
    problems += [Problem(path, _line(lines, ('footnotes', name)), f'footnotes.{name}',
                         f'is never referred to: write {{{name}}} in the lead or the body where its mark belongs')
                 for name in notes if str(name) not in referenced]
    return problems


def _texts(value, location):
    """Every text of the record as written, with its location."""
    if isinstance(value, str):
        yield location, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, location + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, location + (index,))


def _names_in(text):
    try:
        return {name for name, _ in placeholders(text)}
    except ValueError:  # the schema says what is wrong with the braces
        return set()


def _line(lines, location):
    """The line of ``location``, or of the nearest field holding it."""
    while location not in lines and location:
        location = location[:-1]
    return lines.get(location)


def _position(problem):
    return (problem.line or 0, problem.field)


def _problem(path, lines, detail, text):
    location = tuple(part for part in detail['loc'] if not _is_union_branch(part))
    field = field_path(location)
    line = None
    probe = location
    while line is None:
        line = lines.get(probe)
        if not probe:
            break
        probe = probe[:-1]
    error = detail.get('ctx', {}).get('error')
    if isinstance(error, PlaceholderError) and line:
        line = _line_holding(text, error.placeholder, line)
    return Problem(path, line, field, _message(detail))


def _line_holding(text, fragment, start):
    """The first line from ``start`` on that holds ``fragment`` (prose spans several lines)."""
    for number, content in enumerate(text.splitlines()[start - 1:], start):
        if fragment in content:
            return number
    return start


def _field_names():
    """Every field name of the schema, to suggest one for a misspelling."""
    names = set()
    for model in (Release, Organisation, Person, Place, Range, Amount, Number, Quote, Note, Photo, Attachment, Contact,
                  Reachable, Event, Partner, Link, Heading, Subheading, Remark, BulletList, NumberedList, Item, Table,
                  Cell, Box):
        names |= set(model.model_fields)
    return names


def _is_union_branch(part):
    """pydantic names the branch of a union it tried; the user never wrote those names."""
    return isinstance(part, str) and (
        part in (*BRANCHES, *DATE_SHAPES) or part.startswith('function-'))


def _message(detail):
    kind = detail['type']
    reason = f" ({detail['ctx']['error']})" if isinstance(detail.get('ctx', {}).get('error'), str) else ''
    if kind in ('timezone_aware', 'datetime_type', 'datetime_from_date_parsing', 'datetime_parsing'):
        return 'give a date and time with its UTC offset, such as 2019-11-26T12:00:00+09:00' + _datetime_reason(detail)
    if kind in ('date_type', 'date_parsing', 'date_from_datetime_parsing'):
        return 'give a date as year-month-day, such as 2019-09-27' + reason
    if kind == 'date_from_datetime_inexact':
        return 'give a date without a time, such as 2019-09-27'
    if kind in ('decimal_parsing', 'decimal_type'):
        return 'give a number without commas or currency signs, such as 5500000'
    if kind == 'missing':
        return 'required field is missing'
    if kind == 'extra_forbidden':
        return _unknown_field(str(detail['loc'][-1]))
    table = _REFERENCES.get(_last_field(detail['loc']))
    if table and kind == 'string_type':
        return f'names an entry under `{table}`: write its name there, such as {_REFERENCE_EXAMPLES[table]}'
    if _last_field(detail['loc']) == 'coordinates' and kind in ('tuple_type', 'too_short', 'too_long', 'float_type',
                                                                'float_parsing'):
        return 'give [latitude, longitude] in degrees, such as [37.5665, 126.978]'
    if kind == 'value_error':
        return str(detail['ctx']['error'])
    if kind == 'string_pattern_mismatch':
        return _PATTERN_MESSAGES[detail['ctx']['pattern']].format(detail['input'])
    message = detail['msg']
    return message[0].lower() + message[1:]


#: Fields that name an entry of another part of the record, and that part.
_REFERENCES = {'speaker': 'people', 'person': 'people', 'issuer': 'organisations', 'organisation': 'organisations',
               'partners': 'organisations', 'places': 'places', 'dates': 'dates'}
_REFERENCE_EXAMPLES = {'people': 'yoon', 'organisations': 'mois', 'places': 'busan', 'dates': 'summit'}


def _last_field(location) -> str | None:
    """The name of the field a problem is in, past list positions and union branches."""
    return next((part for part in reversed(location) if isinstance(part, str) and not _is_union_branch(part)), None)


def _unknown_field(name: str) -> str:
    """A field the record's part does not have: where it belongs if it is a field elsewhere, else the
    field it most resembles."""
    if name in Release.model_fields:
        return f"'{name}' is a field of the record itself: move it to the top level, unindented"
    if name in _field_names():  # {heading: ..., items: [...]}: two items written as one
        return f"'{name}' does not belong with the other fields here; is it an item of its own?"
    close = difflib.get_close_matches(name, sorted(_field_names()), n=1, cutoff=0.7)
    return f"unknown field (did you mean '{close[0]}'?)" if close else 'unknown field'


def _datetime_reason(detail) -> str:
    """Why a date and time is impossible (an hour of 25), in Python's words, which name the part."""
    if not isinstance(detail.get('input'), str):
        return ''
    try:
        datetime.fromisoformat(detail['input'])
    except ValueError as error:
        return '' if 'isoformat' in str(error) else f' ({error})'
    return ''


_PATTERN_MESSAGES = {
    ID_PATTERN: "'{}' is not an id: use lower-case words joined by hyphens, such as 2019-09-27-mois-asean",
    LANGUAGE_PATTERN: "'{}' is not a language code such as en or ko",
    FACT_NAME_PATTERN: "'{}' cannot be a placeholder name: use lower-case letters, digits and _",
    EMAIL_PATTERN: "'{}' is not an e-mail address",
    URL_PATTERN: "'{}' is not a web address such as https://www.mois.go.kr",
}


# -- YAML with line numbers ----------------------------------------------------

# libyaml's loader, where PyYAML has it, reads a record several times faster.
class _Loader(getattr(yaml, 'CSafeLoader', yaml.SafeLoader)):
    """YAML's safe loader, except that a value Python cannot hold stays text.

    An impossible date (2019-09-31) or an integer of thousands of digits
    makes PyYAML raise a bare ValueError; as text, it reaches the schema,
    which reports it with its line and field like any other bad value.
    """

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)

    def construct_yaml_int(self, node):
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor('tag:yaml.org,2002:timestamp', _Loader.construct_yaml_timestamp)
_Loader.add_constructor('tag:yaml.org,2002:int', _Loader.construct_yaml_int)


class _Refused(Exception):
    """A document that is not built at all: a problem found in its nodes."""

    def __init__(self, node, message):
        super().__init__(message)
        self.line = node.start_mark.line + 1
        self.message = message


def _parse_yaml(path, text):
    """Return (data, lines, problems): ``lines`` maps field paths to line numbers.

    The document's nodes are counted, with their aliases, before anything is
    built from them, so that an alias bomb or an alias holding itself is
    refused in the time it takes to read the file.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        _count_values(node)
        data = loader.construct_document(node)
    except _Refused as error:
        return None, {}, [Problem(path, error.line, '', error.message)]
    except yaml.reader.ReaderError as error:  # a control character in the file itself
        line, column = _line_and_column(text.encode('utf-8'), error.position)
        refused = refused_character(chr(error.character))
        message = refused[1] if refused else f'U+{error.character:04X} is not allowed in YAML'
        return None, {}, [Problem(path, line, '', f'column {column}: {message}')]
    except yaml.MarkedYAMLError as error:
        return None, {}, [_syntax_problem(path, text, error)]
    except yaml.YAMLError as error:
        return None, {}, [Problem(path, None, '', f'YAML syntax: {error}')]
    finally:
        loader.dispose()
    lines, problems = {}, []
    _walk(path, text, node, lines, problems)
    problems += _paragraph_problems(path, lines, data)
    return data, lines, problems


def _syntax_problem(path, text, error):
    mark = error.problem_mark or error.context_mark
    context = error.context or ''
    if error.context_mark and error.problem_mark and error.context_mark.line != error.problem_mark.line:
        context += f' (from line {error.context_mark.line + 1})'
    message = ' '.join(part for part in (context, error.problem) if part)
    lines = text.splitlines() or ['']
    # The end of the file is a line past the last one when the file ends with a line break.
    number = min(mark.line, len(lines) - 1) if mark else None
    line = lines[number] if number is not None else ''
    if re.search(r'(:|^\s*-)\s*\{\w', line):
        message += '; a value that starts with a {placeholder} must be in quotes'
    if '\t' in line or '\t' in (error.problem or ''):
        message += '; indent with spaces: YAML does not allow tabs'
    return Problem(path, number + 1 if number is not None else None, '', f'YAML syntax: {message}')


def _count_values(root):
    """Count the values of a document as if its aliases were expanded, without expanding them.

    Raises _Refused when an alias holds the value it is part of, or when
    there are more values than limits.LIMITS.values.
    """
    sizes, open_nodes = {}, set()
    stack = [(root, False)]
    while stack:
        node, children_counted = stack.pop()
        children = _children(node)
        if children_counted:
            open_nodes.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
            if sizes[id(node)] > limits.LIMITS.values:
                raise _Refused(node, f'holds more than {limits.LIMITS.values:,} values once its YAML aliases (*name) '
                                     'are expanded, the limit for a record')
            continue
        if id(node) in sizes:
            continue
        if id(node) in open_nodes:
            raise _Refused(node, 'a YAML alias (*name) stands for a value that holds the alias itself')
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)


def _children(node):
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return node.value
    return []


def _walk(path, text, root, lines, problems):
    """Record the line of every field (a mapping's key, or a list item's start); check every text.

    A value repeated by aliases has a line for each of its places, and its problems once.
    """
    stack, checked = [(root, ())], set()
    while stack:
        node, location = stack.pop()
        lines.setdefault(location, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            seen = {}
            for key_node, value_node in node.value:
                key = key_node.value
                if not isinstance(key, str):  # a list or mapping as a key: the schema refuses it
                    continue
                line = key_node.start_mark.line + 1
                if key in seen:
                    problems.append(Problem(path, line, field_path(location + (key,)),
                                            f'given twice (first on line {seen[key]})'))
                seen[key] = line
                lines[location + (key,)] = line
                if id(key_node) not in checked:
                    checked.add(id(key_node))
                    problems += _text_problems(path, text, key_node, location + (key,))
            stack.extend((value_node, location + (key_node.value,)) for key_node, value_node in reversed(node.value)
                         if isinstance(key_node.value, str))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, location + (index,)) for index, item in reversed(list(enumerate(node.value))))
        elif id(node) not in checked:
            checked.add(id(node))
            problems += _text_problems(path, text, node, location)


def _text_problems(path, text, node, location):
    """A text too long, or holding a character that is never text."""
    value, field = node.value, field_path(location)
    if len(value) > limits.LIMITS.string_length:
        return [Problem(path, node.start_mark.line + 1, field,
                        f'is {len(value):,} characters long; the limit for one text is {limits.LIMITS.string_length:,}')]
    refused = refused_character(value)
    if refused is None:
        return []
    offset, message = refused
    written = text[node.start_mark.index:node.end_mark.index]
    # The character as written in the file, else (written as an escape such as "\e") where its text starts.
    found = written.find(value[offset])
    line = node.start_mark.line + 1 + (written.count('\n', 0, found) if found >= 0 else 0)
    return [Problem(path, line, field, message)]


def _paragraph_problems(path, lines, data):
    body = data.get('body') if isinstance(data, dict) else None
    if isinstance(body, list) and len(body) > limits.LIMITS.paragraphs:
        return [Problem(path, lines.get(('body',)), 'body',
                        f'has {len(body):,} items; the limit for a body is {limits.LIMITS.paragraphs:,}')]
    return []
