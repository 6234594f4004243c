"""Catalogs as Weblate and Poedit handle them: read and written by translate-toolkit, Weblate's PO library."""

from __future__ import annotations

from click.testing import CliRunner
from translate.storage import factory

from publisher.cli import main
from publisher.catalogs.pofile import read_po

from conftest import SEED, record_of, run


def catalogs(workspace):
    return sorted((workspace / 'locales').glob('*/LC_MESSAGES/*.po'))


def invoke(*arguments):
    return CliRunner().invoke(main, [str(argument) for argument in arguments])


def test_translate_toolkit_reads_every_catalog_as_publisher_does(workspace):
    for path in catalogs(workspace):
        store = factory.getobject(str(path))
        ours = [entry for entry in read_po(path).entries if not entry.obsolete]
        theirs = [unit for unit in store.units if not unit.isheader() and not unit.isobsolete()]
        assert [(unit.getcontext() or None, unit.source, unit.isfuzzy()) for unit in theirs] == \
               [(entry.msgctxt, entry.msgid, entry.fuzzy) for entry in ours]


def test_a_catalog_saved_unchanged_keeps_every_byte(workspace, tmp_path):
    for path in catalogs(workspace):
        factory.getobject(str(path)).savefile(str(tmp_path / path.name))
        assert (tmp_path / path.name).read_bytes() == path.read_bytes()


def edit(path, change):
    """Change a reviewed translation, as a translator in Weblate would, and save the catalog as Weblate does."""
    store = factory.getobject(str(path))
    unit = next(unit for unit in store.units if unit.istranslated() and unit.source.startswith('The government'))
    change(unit)
    # What Weblate writes into the header on each commit.
    store.updateheader(add=True, Last_Translator='Kim Min-ji <kim@example.go.kr>',
                       PO_Revision_Date='2026-12-01 09:30+0900', X_Generator='Weblate 5.8')
    store.savefile(str(path))
    return unit


def test_a_translation_saved_by_weblate_is_checked_updated_and_published(workspace, tmp_path):
    path = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    def revise(unit):
        unit.target += ' (수정)'

    unit = edit(path, revise)
    saved = path.read_bytes()
    assert b'X-Generator: Weblate 5.8' in saved
    run('msgfmt', '-c', '--check-format', '-o', '/dev/null', str(path))
    assert invoke('check', record_of(workspace, SEED)).exit_code == 0
    updated = invoke('update', record_of(workspace, SEED), '-l', 'ko')
    assert updated.exit_code == 0 and f'{SEED}.po: unchanged' in updated.output
    assert path.read_bytes() == saved
    rendered = invoke('render', record_of(workspace, SEED), '-l', 'ko', '-f', 'html', '--out', tmp_path)
    assert rendered.exit_code == 0, rendered.output
    assert unit.target in (tmp_path / SEED / f'{SEED}.ko.html').read_text()


def test_a_translation_marked_needs_editing_in_weblate_is_not_published(workspace, tmp_path):
    path = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    edit(path, lambda unit: unit.markfuzzy(True))
    result = invoke('render', record_of(workspace, SEED), '-l', 'ko', '-f', 'html', '--out', tmp_path)
    assert result.exit_code == 1
    assert '1 string not reviewed (0 untranslated, 1 fuzzy)' in result.output
