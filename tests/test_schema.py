"""The record's JSON Schema: generated from the model, shipped, and named by the records."""

from __future__ import annotations

import copy
import json
import re

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from publisher.cli import main
from publisher.schema import MODELINE, SCHEMA_FILE, schema_text

from conftest import KOREAN_FIRST, ROOT, SEED


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it: dates and times stay text."""


EditorLoader.add_constructor('tag:yaml.org,2002:timestamp', lambda loader, node: loader.construct_scalar(node))


def validator(path=SCHEMA_FILE):
    schema = json.loads(path.read_text(encoding='utf-8'))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def errors(data, path=SCHEMA_FILE):
    return [(list(error.absolute_path), error.message) for error in validator(path).iter_errors(data)]


def sample(release):
    return yaml.load((ROOT / 'samples' / release / 'release.yaml').read_text(encoding='utf-8'), EditorLoader)


def named_schema(record):
    """The schema file a record's yaml-language-server comment points at."""
    found = re.search(rf'^{re.escape(MODELINE)}(\S+)$', record.read_text(encoding='utf-8'), re.M)
    assert found, f'{record} names no schema'
    return (record.parent / found[1]).resolve()


def test_the_shipped_schema_is_generated_from_the_model():
    assert SCHEMA_FILE.read_text(encoding='utf-8') == schema_text(), \
        'regenerate it: publisher schema --out publisher/record.schema.json'


@pytest.mark.parametrize('release', [SEED, KOREAN_FIRST])
def test_each_sample_validates_against_the_shipped_schema(release):
    assert errors(sample(release)) == []


@pytest.mark.parametrize('release', [SEED, KOREAN_FIRST])
def test_each_sample_names_the_shipped_schema(release):
    assert named_schema(ROOT / 'samples' / release / 'release.yaml') == SCHEMA_FILE


def _set(data, path, value):
    *parents, last = path
    for key in parents:
        data = data[key]
    data[last] = value


@pytest.mark.parametrize('path, value, where', [
    (('titel',), 'A title', []),                                   # a misspelt field
    (('people', 'Yoon'), {'name': {'en': 'Yoon'}}, ['people']),      # a fact name the placeholders cannot use
    (('dates', 'launch'), '2019-13', ['dates', 'launch']),          # no 13th month
    (('dates', 'launch'), '2019-02-30', ['dates', 'launch']),       # no 30 February
    (('body', 0), {'quote': 'Hello'}, ['body', 0]),                  # a quote without its speaker
    (('contacts',), [{'unit': {'en': 'Press'}, 'email': 'press'}], ['contacts', 0, 'email']),
    (('embargo',), 'noon', ['embargo']),
    (('amounts', 'budget'), {'value': 5, 'currency': 'USD', 'note': 'x'}, ['amounts', 'budget']),
])
def test_the_schema_flags_what_the_model_refuses(path, value, where):
    data = copy.deepcopy(sample(SEED))
    _set(data, path, value)
    assert [location for location, _ in errors(data)] == [where]


def test_publisher_schema_prints_or_writes_the_shipped_schema(tmp_path):
    printed = CliRunner().invoke(main, ['schema'])
    assert printed.exit_code == 0 and printed.output == SCHEMA_FILE.read_text(encoding='utf-8')
    written = CliRunner().invoke(main, ['schema', '--out', str(tmp_path / 'record.schema.json')])
    assert written.exit_code == 0
    assert (tmp_path / 'record.schema.json').read_bytes() == SCHEMA_FILE.read_bytes()


def test_every_field_of_a_record_tells_editors_what_it_is():
    properties = json.loads(schema_text())['properties']
    assert [name for name, field in properties.items() if not field.get('description')] == []
