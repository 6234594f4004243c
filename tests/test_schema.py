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


#: Wrong records, each the seed with one field changed: (where, value).  Each shape rule of check's.
WRONG = {
    'an empty title': (['title'], ''),
    'a title of spaces': (['title'], '   '),
    'a keyword with a comma': (['keywords', 0], 'ASEAN, Korea'),
    'over-long text': (['lead'], 'word ' * 2001),
    'a language listed twice': (['languages'], ['ko', 'en', 'th', 'my', 'en']),
    'Korea as a country': (['organisations', 'mois', 'country'], 'Korea'),
    'WON as a currency': (['amounts', 'jakarta_its', 'currency'], 'WON'),
    'a latitude out of range': (['places', 'bangkok', 'coordinates'], [100.5018, 13.7563]),
    'a longitude out of range': (['places', 'bangkok', 'coordinates'], [13.7563, 200.5]),
    '30억 as an amount': (['amounts', 'jakarta_its', 'value'], '30억'),
    'an amount beyond money': (['amounts', 'jakarta_its', 'value'], 10 ** 19),
    'a direction override': (['title'], 'MOIS \u202eto expand cooperation'),
    'a direction isolate in a name': (['people', 'yoon', 'name', 'en'], 'Yoon \u2066Jong-in'),
}

#: Records at the edge of each rule, which both accept.
RIGHT = {
    'coordinates at the edges': (['places', 'bangkok', 'coordinates'], [-90, 180]),
    'an amount written as text': (['amounts', 'jakarta_its', 'value'], '5500000'),
    'a keyword of several words': (['keywords', 0], 'ASEAN member states'),
    'text of the longest length': (['lead'], 'x' * 9_000),
}


def changed(where, value):
    record = sample(SEED)
    node = record
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    return record


def check_accepts(workspace, record) -> bool:
    path = workspace / 'samples' / SEED / 'release.yaml'
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding='utf-8')
    result = CliRunner().invoke(main, ['check', str(path)])
    assert 'Traceback' not in result.output
    return result.exit_code == 0


@pytest.mark.parametrize('case', WRONG)
def test_the_schema_and_check_both_refuse_a_wrong_record(workspace, case):
    record = changed(*WRONG[case])
    assert errors(record) != [], 'the schema accepts it'
    assert not check_accepts(workspace, record), 'check accepts it'


@pytest.mark.parametrize('case', RIGHT)
def test_the_schema_and_check_both_accept_a_record_at_a_rules_edge(workspace, case):
    record = changed(*RIGHT[case])
    assert errors(record) == []
    assert check_accepts(workspace, record)


def test_the_unchanged_seed_passes_both(workspace):
    assert errors(sample(SEED)) == [] and check_accepts(workspace, sample(SEED))


def test_every_nested_field_says_what_it_holds():
    schema = json.loads(SCHEMA_FILE.read_text(encoding='utf-8'))
    undescribed = [(name, field) for name, definition in schema['$defs'].items()
                   for field, rules in definition.get('properties', {}).items() if 'description' not in rules]
    assert undescribed == []
