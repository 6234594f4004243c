"""Finding a record's workspace, and the package's own assets."""

from __future__ import annotations

from publisher.workspace import FONTS, LOCALES, TEMPLATES, Workspace

from conftest import ROOT, SEED


def test_the_workspace_is_the_nearest_folder_with_locales(workspace):
    record = workspace / 'samples' / SEED / 'release.yaml'
    assert Workspace.of_record(record).root == workspace
    assert Workspace.of_record(record).catalog('ko', SEED) == workspace / 'locales/ko/LC_MESSAGES' / f'{SEED}.po'


def test_without_locales_the_record_folder_is_the_workspace(tmp_path):
    (tmp_path / 'release.yaml').write_text('')
    assert Workspace.of_record(tmp_path / 'release.yaml').root == tmp_path


def test_template_translations_fall_back_to_the_package(tmp_path):
    assert Workspace(tmp_path).template_catalog('ko') == LOCALES / 'ko/LC_MESSAGES/publisher.po'
    own = tmp_path / 'locales/ko/LC_MESSAGES/publisher.po'
    own.parent.mkdir(parents=True)
    own.write_text('')
    assert Workspace(tmp_path).template_catalog('ko') == own


def test_the_package_assets_are_found():
    assert (TEMPLATES / 'page.html').is_file()
    assert (LOCALES / 'ko/LC_MESSAGES/publisher.po').is_file()
    assert sorted(path.name for path in FONTS.glob('*.ttf')) == [
        'NanumGothic.ttf', 'NanumGothicBold.ttf', 'NotoSans-Bold.ttf', 'NotoSans-Italic.ttf', 'NotoSans-Regular.ttf',
        'NotoSansMyanmar-Bold.ttf', 'NotoSansMyanmar-Regular.ttf', 'NotoSansThai-Bold.ttf', 'NotoSansThai-Regular.ttf']
    assert 'SIL Open Font License' in (FONTS / 'OFL.txt').read_text()
    assert TEMPLATES.parent == ROOT or TEMPLATES.parent.name == 'publisher'
