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
