"""The record's JSON Schema, so that editors complete and check fields while a record is typed.

It is generated from the model in record/, the only place that knows a
field's rules, and ships with the package as ``record.schema.json``.  A record
names it in its first lines, as YAML language servers (VS Code, Neovim, Helix
and others) read it::

    # yaml-language-server: $schema=../../record.schema.json

The schema checks each field's shape; what needs the whole record (that a
placeholder names a declared fact, that a photo exists) is left to
``publisher check``.
"""

from __future__ import annotations

import json

from .workspace import PACKAGE

#: The schema as the package ships it.
SCHEMA_FILE = PACKAGE / 'record.schema.json'

#: The comment that points a YAML language server at a schema.
MODELINE = '# yaml-language-server: $schema='


def record_schema() -> dict:
    """The JSON Schema (draft 2020-12) of a record file."""
    from .record import Release

    schema = Release.model_json_schema(mode='validation')
    _name_keys(schema)
    _text_rules(schema)
    _describe_nested(schema)
    schema.update({'title': 'Press release record (publisher)',
                   'description': 'One release: its facts once, its prose in the source language.'})
    return {'$schema': 'https://json-schema.org/draft/2020-12/schema', **schema}


def schema_text() -> str:
    """The schema as written to ``record.schema.json``: stable, so that regenerating it changes no byte."""
    return json.dumps(record_schema(), indent=2, ensure_ascii=False, sort_keys=True) + '\n'


def _describe_nested(schema):
    """Each field of a fact, photo, attachment or contact gets its description (model.NESTED_HELP)."""
    from .record.model import NESTED_HELP

    for name, definition in schema.get('$defs', {}).items():
        for field, text in NESTED_HELP.get(name, {}).items():
            if field in definition.get('properties', {}):
                definition['properties'][field].setdefault('description', text)


def _text_rules(node):
    """What ``check`` asks of every text of a record, on every string of the schema: at most
    ``string_length`` characters, and no bidirectional override or isolate, which can make text
    read otherwise than it is stored (characters.BIDI)."""
    from .characters import BIDI
    from .record.limits import LIMITS

    if isinstance(node, dict):
        if node.get('type') == 'string':
            node.setdefault('maxLength', LIMITS.string_length)
            node.setdefault('not', {'pattern': ''.join(char if char.isascii() else f'\\u{ord(char):04x}'
                                                       for char in BIDI.pattern)})
        for value in node.values():
            _text_rules(value)
    elif isinstance(node, list):
        for value in node:
            _text_rules(value)


def _name_keys(node):
    """A mapping of named facts accepts only names of their pattern (``yoon``, never ``Yoon``).

    pydantic gives the pattern as ``patternProperties``, which lets any other
    key through; ``propertyNames`` makes an editor flag such a key.
    """
    if isinstance(node, dict):
        patterns = node.get('patternProperties')
        if isinstance(patterns, dict) and len(patterns) == 1:
            node['propertyNames'] = {'pattern': next(iter(patterns))}
        for value in node.values():
            _name_keys(value)
    elif isinstance(node, list):
        for value in node:
            _name_keys(value)
