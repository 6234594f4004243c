"""The body's structure: headings, lists, tables, boxes, remarks and footnotes, and how
``check`` reports a structure that cannot be printed."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from publisher import record
from publisher.cli import main
from publisher.record import Box, BulletList, Item, NumberedList, Table, load_record
from publisher.schema import SCHEMA_FILE

from conftest import ROOT

STRUCTURED = ROOT / 'tests' / 'structured' / 'record.yaml'


@pytest.fixture
def structured(tmp_path):
    """A workspace holding the structured release, to edit freely."""
    (tmp_path / 'locales').mkdir()
    folder = tmp_path / 'samples' / 'structured'
    folder.mkdir(parents=True)
    shutil.copy(STRUCTURED, folder / 'release.yaml')
    return folder / 'release.yaml'


def edit(path, old, new):
    text = path.read_text(encoding='utf-8')
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding='utf-8')
    return path


def line_of(path, fragment):
    return next(number for number, line in enumerate(path.read_text(encoding='utf-8').splitlines(), 1)
                if fragment in line)


def check(path):
    return CliRunner().invoke(main, ['check', str(path)])


# -- what a record may say ----------------------------------------------------------

def test_every_kind_of_block_is_read_as_written():
    body = load_record(STRUCTURED).body
    assert [type(block).__name__ for block in body] == [
        'Heading', 'str', 'BulletList', 'Remark', 'Subheading', 'NumberedList', 'Table', 'Box', 'Quote']
    assert body[0].heading == '추진 배경' and body[4].subheading == '향후 계획'
    assert body[3].remark == '세부 일정은 현지 사정에 따라 바뀔 수 있음'


def test_a_literal_paragraph_keeps_its_line_breaks():
    assert load_record(STRUCTURED).body[1] == '협력단은 두 나라의 요청으로 구성되었다.\n파견 기간은 6일이다.'


def test_lists_nest_three_levels_with_remarks_under_their_items():
    points = load_record(STRUCTURED).body[2]
    assert isinstance(points, BulletList) and points.items[0] == '태국 방콕에서 공공행정 포럼 개최'
    detail = points.items[1]
    assert isinstance(detail, Item) and detail.remark == '회담 결과는 별도 배포 예정'
    assert detail.items[0].items == ['전자정부 서비스', '민원 제도 개선']


def test_a_numbered_list_may_hold_a_numbered_list():
    steps = load_record(STRUCTURED).body[5]
    assert isinstance(steps, NumberedList) and steps.numbered[1].numbered == ['수요 조사', '예산{budget_note} 확보']


def test_a_table_holds_texts_numbers_and_spanning_cells():
    table = load_record(STRUCTURED).body[6]
    assert isinstance(table, Table) and table.caption == '협력단 일정'
    assert table.header_row and table.header_column
    assert table.rows[1] == ['포럼', '{bangkok}', Decimal(12)]
    assert (table.rows[2][0].cell, table.rows[2][0].down, table.rows[2][0].across) == ('회담', 2, 1)
    assert (table.rows[4][0].cell, table.rows[4][0].down, table.rows[4][0].across) == ('합계', 1, 2)


def test_a_table_places_cells_under_those_spanning_down():
    grid = load_record(STRUCTURED).body[6].grid()
    assert [(cell.column, cell.across) for cell in grid[3]] == [(1, 1), (2, 1)]   # 양곤 under 회담's span
    assert [(cell.column, cell.across) for cell in grid[4]] == [(0, 2), (2, 1)]   # 합계 across two columns


def test_a_box_holds_its_title_and_blocks():
    box = load_record(STRUCTURED).body[7]
    assert isinstance(box, Box) and box.box == '참고'
    assert box.body[0].subheading == '협력단 개요' and box.body[1].items == ['2017년 첫 파견', '올해 두 번째']


def test_footnotes_are_numbered_in_the_order_they_are_first_referred_to(structured):
    edit(structured, '협력단{corps_note}을', '협력단을')
    edit(structured, '  - remark: 세부 일정', '  - remark: 세부 일정{corps_note}')
    footnotes = load_record(structured).footnotes
    assert (footnotes['budget_note'].number, footnotes['corps_note'].number) == (2, 1)
    edit(structured, '  - heading: 추진 배경', '  - heading: 추진 배경{budget_note}')
    footnotes = load_record(structured).footnotes
    assert (footnotes['budget_note'].number, footnotes['corps_note'].number) == (1, 2)


def test_records_without_structure_keep_working():
    for sample in ('mois-asean-corps-2019', 'mois-roundtable-busan-2019'):
        assert load_record(ROOT / 'samples' / sample / 'release.yaml').footnotes == {}


def test_the_schema_accepts_every_kind_of_block():
    schema = json.loads(SCHEMA_FILE.read_text(encoding='utf-8'))
    class EditorLoader(yaml.SafeLoader):
        """YAML as an editor's language server reads it: dates stay text."""

    EditorLoader.add_constructor('tag:yaml.org,2002:timestamp', lambda loader, node: loader.construct_scalar(node))
    data = yaml.load(STRUCTURED.read_text(encoding='utf-8'), EditorLoader)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []


# -- what check refuses, with file, line and field ------------------------------------

@pytest.mark.parametrize('old, new, fragment, field, message', [
    ('      - [양곤, 1250]', '      - [양곤, 1250, 3]', '[양곤, 1250, 3]', 'body[6].rows[3]',
     'is 4 columns wide, counting cells spanning down into it; the table is 3, as its first row'),
    ('      - [포럼, "{bangkok}", 12]', '      - [포럼, "{bangkok}"]', '[포럼, "{bangkok}"]', 'body[6].rows[1]',
     'is 2 columns wide, counting cells spanning down into it; the table is 3, as its first row'),
    ('{cell: 회담, down: 2}', '{cell: 회담, down: 5}', '{cell: 회담, down: 5}', 'body[6].rows[2][0]',
     'spans 5 rows down, past the last row of the table'),
    ('              - 전자정부 서비스', '              - text: 전자정부 서비스\n                items:\n'
     '                  - text: 넷째\n                    items: [다섯째]', 'items: [다섯째]',
     'body[2].items[1].items[0].items[0].items[0].items',
     'nests a list 5 levels deep; the limit is 4 (□ ○ - · in Korean)'),
    ('  corps_note: 한-아세안 공공행정 협력단', '  corps_note: 한-아세안 공공행정 협력단\n  spare: 쓰지 않는 각주', 'spare:',
     'footnotes.spare', 'is never referred to: write {spare} in the lead or the body where its mark belongs'),
    ('title: "{mois.short}, 아세안', 'title: "{mois.short}{corps_note}, 아세안', 'title:', 'title',
     '{corps_note} is a footnote, which only the lead and the body refer to'),
    ('    body:\n      - subheading: 협력단 개요', '    body:\n      - box: 안\n        body: [안쪽]\n      - subheading: 협력단 개요',
     '- box: 안', 'body[7].body[0]', 'a box holds no box'),
    ('      - text: 후속 사업 발굴\n', '      - text: 후속 사업 발굴\n        items: [하나]\n', '후속 사업 발굴',
     'body[5].numbered[1]', 'an item holds one list under it: items or numbered, not both'),
    ('  - heading: 추진 배경', '  - heading: 추진 배경\n    items: [하나]', 'items: [하나]', 'body[0].items',
     "'items' does not belong with the other fields here; is it an item of its own?"),
    ('    header: both', '    header: top', 'header: top', 'body[6].header', "input should be 'row', 'column', 'both' or 'none'"),
    ('{cell: 합계, across: 2}', '{cell: 합계, across: 0}', 'across: 0', 'body[6].rows[4][0].across',
     'input should be greater than or equal to 1'),
    ('  - items: [2017년 첫 파견, 올해 두 번째]', '  - items: []', 'items: []', 'body[7].body[1].items',
     'list should have at least 1 item after validation, not 0'),
    ('      - [양곤, 1250]', '      - [양곤, [1250]]', '[양곤, [1250]]', 'body[6].rows[3][1]',
     'a cell is a text, a number, nothing (~), or {cell: ..., across: columns, down: rows}'),
    ('  - subheading: 향후 계획', '  - subhead: 향후 계획', 'subhead:', 'body[4]', 'a body item is a paragraph'),
])
def test_bad_structure_is_refused_with_file_line_and_field(structured, old, new, fragment, field, message):
    edit(structured, old, new)
    result = check(structured)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    where = f'{structured}:{line_of(structured, fragment)}: {field}: '
    assert any(line.startswith(where) and message in line for line in result.output.splitlines()), result.output


@pytest.mark.parametrize('limit, value, fragment, field, message', [
    ('table_rows', 4, 'rows:', 'body[6].rows', 'has 5 rows; the limit for a table is 4'),
    ('table_columns', 2, '[구분, 장소, 참가자]', 'body[6].rows[0]', 'has 3 cells; the limit for a row is 2'),
    ('list_depth', 2, 'items:', 'body[2].items[1].items[0].items', 'nests a list 3 levels deep; the limit is 2'),
])
def test_each_limit_of_the_structure_has_its_own_message(structured, monkeypatch, limit, value, fragment, field,
                                                         message):
    monkeypatch.setattr(record.limits, 'LIMITS', record.Limits(**{limit: value}))
    result = check(structured)
    lines = [line for line in result.output.splitlines() if f': {field}: {message}' in line]
    assert result.exit_code == 1 and len(lines) == 1, result.output
    assert lines[0].startswith(f'{structured}:')


def test_the_readme_example_of_the_body_is_valid(tmp_path):
    readme = (ROOT / 'README.md').read_text(encoding='utf-8')
    example = readme.split('### The body', 1)[1].split('```yaml\n', 1)[1].split('```', 1)[0]
    record = yaml.safe_load(STRUCTURED.read_text(encoding='utf-8'))
    record.update(yaml.safe_load(example))
    (tmp_path / 'release.yaml').write_text(yaml.safe_dump(record, allow_unicode=True), encoding='utf-8')
    release = load_record(tmp_path / 'release.yaml')
    assert [type(block).__name__ for block in release.body] == [
        'Heading', 'Subheading', 'str', 'BulletList', 'NumberedList', 'Remark', 'Table', 'Box', 'Quote', 'Note']
