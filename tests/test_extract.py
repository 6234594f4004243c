"""Catalog templates: every string to translate, with where it comes from."""

from __future__ import annotations

from publisher.catalogs.extract import extract_template_strings, release_template, templates_template
from publisher.record import load_record

from conftest import ROOT, SEED


def test_the_shipped_template_of_the_templates_is_current():
    """publisher.pot lists exactly what the templates hold: run `publisher extract` after changing them."""
    shipped = {entry.key: entry.references for entry in templates_template()}
    extracted = {entry.key: entry.references for entry in extract_template_strings()}
    assert shipped == extracted


def test_a_release_template_says_where_and_what_each_string_is():
    entries = release_template(load_record(ROOT / 'samples' / SEED / 'release.yaml'))
    quote = next(entry for entry in entries if entry.msgid.startswith('Myanmar and Thailand'))
    assert quote.extracted_comments == ('body[7].quote: quote, spoken by Yoon Jong-in',)
    assert quote.references == (f'samples/{SEED}/release.yaml:77',)
    title = next(entry for entry in entries if entry.msgctxt == 'title')
    assert title.flags == ('python-brace-format',)
    assert not next(entry for entry in entries if entry.msgid == 'Previous Events').flags


def test_update_writes_the_structure_of_the_body_as_catalogs_msgfmt_accepts(tmp_path):
    import shutil
    import subprocess

    from click.testing import CliRunner

    from publisher.cli import main

    (tmp_path / 'locales').mkdir()
    (tmp_path / 'samples' / 'structured').mkdir(parents=True)
    shutil.copy(ROOT / 'tests' / 'structured' / 'record.yaml', tmp_path / 'samples' / 'structured' / 'release.yaml')
    result = CliRunner().invoke(main, ['update', str(tmp_path / 'samples' / 'structured')])
    assert result.exit_code == 0, result.output
    po = tmp_path / 'locales' / 'en' / 'LC_MESSAGES' / 'mois-structured-2019.po'
    subprocess.run(['msgfmt', '-c', '-o', '/dev/null', str(po)], check=True)
    text = po.read_text(encoding='utf-8')
    assert ('#. body[2].items[1].items[0].text: a list item\n'
            '#. {kim}: 김서연 행정안전부 정부혁신조직실장\n'
            '#: samples/structured/release.yaml:25\n') in text
    assert '#. body[6].rows[2][0].cell: a table cell\n' in text
    assert 'msgid ""\n"협력단은 두 나라의 요청으로 구성되었다.\\n"\n"파견 기간은 6일이다."\n' in text
