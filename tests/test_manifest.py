"""A render redoes only what changed, and never takes a stale output for current.

The tests of this module run in order on one workspace rendered once: each
changes one kind of input and checks which outputs are rendered again.  The
package runs from a copy (PYTHONPATH), so that its templates, fonts and code
can be changed as an upgrade would.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest
from PIL import Image

from conftest import KOREAN_FIRST, ROOT, SEED, record_of

#: One test process runs the whole module (its tests run in order on one workspace, rendered once); see conftest.py.
pytestmark = pytest.mark.xdist_group('test_manifest')

EDITIONS = {SEED: ('ko', 'en', 'th', 'my', 'ko-en'), KOREAN_FIRST: ('ko', 'en', 'ko-en')}
ALL = {f'{release}/{release}.{edition}.{kind}'
       for release, editions in EDITIONS.items() for edition in editions for kind in ('html', 'pdf')}
ALL |= {f'{release}/{release}.{language}.fragment.html'
        for release, editions in EDITIONS.items() for language in editions if '-' not in language}
ALL |= {f'{SEED}/media/bilateral-meeting-naypyitaw.png', f'{SEED}/media/forum-participants-naypyitaw.png',
        f'{KOREAN_FIRST}/media/roundtable-programme.pdf'}


def outputs(release, *editions, kinds=('html', 'pdf', 'fragment.html')):
    return {f'{release}/{release}.{edition}.{kind}' for edition in editions for kind in kinds
            if kind != 'fragment.html' or '-' not in edition}


PDFS = {name for name in ALL if name.endswith('.pdf') and '/media/' not in name}


@pytest.fixture(scope='module')
def site(tmp_path_factory):
    """A workspace, a copy of the package to run, and both samples rendered once."""
    top = tmp_path_factory.mktemp('incremental')
    for name in ('samples', 'locales'):
        shutil.copytree(ROOT / name, top / 'workspace' / name)
    package = top / 'package'
    shutil.copytree(ROOT / 'publisher', package / 'publisher', ignore=shutil.ignore_patterns('__pycache__'))
    shutil.copytree(ROOT / 'templates', package / 'templates')
    for path in (ROOT / 'locales').glob('**/publisher.po*'):
        target = package / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    site = Site(top / 'workspace', package, top / 'workspace' / 'dist')
    assert site.render() == dict.fromkeys(ALL, 'written')
    return site


class Site:
    def __init__(self, workspace, package, out):
        self.workspace, self.package, self.out = workspace, package, out

    def render(self, *options, python_options=()):
        """Render both samples; {output: 'written', 'rendered' (the same bytes again) or 'unchanged'}."""
        result = self.run(*options, python_options=python_options)
        assert result.returncode == 0, result.stderr
        found = {name: 'rendered' if status == 'unchanged' and rendered else status for name, status, rendered in
                 re.findall(r'^dist/(\S+): (written|unchanged)( \(rendered in [0-9.]+ s\))?$', result.stdout, re.M)}
        assert result.stdout.count('\n') == len(found), result.stdout
        # The pages' web font subsets follow the text of the pages; what matters here are the pages.
        return {name: status for name, status in found.items() if not name.endswith('.woff2')}

    def run(self, *options, python_options=()):
        environment = {**os.environ, 'PYTHONPATH': str(self.package)}
        return subprocess.run([sys.executable, *python_options, '-m', 'publisher', 'render', f'samples/{SEED}',
                               f'samples/{KOREAN_FIRST}', '--verbose',
                               *(options if '-f' in options else ('-f', 'html', '-f', 'pdf', *options))],
                              cwd=self.workspace, env=environment, capture_output=True, text=True)

    def written(self, *options):
        """The outputs rendered again: {output}."""
        return {name for name, status in self.render(*options).items() if status != 'unchanged'}


def edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_runs_from_the_copy_of_the_package(site):
    result = subprocess.run([sys.executable, '-c', 'import publisher; print(publisher.__file__)'],
                            cwd=site.workspace, env={**os.environ, 'PYTHONPATH': str(site.package)},
                            capture_output=True, text=True)
    assert result.stdout.startswith(str(site.package))


def test_nothing_changed_nothing_rendered_and_nothing_heavy_imported(site):
    result = site.run(python_options=['-X', 'importtime'])
    assert result.returncode == 0
    found = {(name, status) for name, status in re.findall(r'^dist/(\S+): (\w+)', result.stdout, re.M)
             if not name.endswith('.woff2')}
    assert found == {(name, 'unchanged') for name in ALL}
    imported = {line.split('|')[-1].strip().split('.')[0] for line in result.stderr.splitlines() if '|' in line}
    assert 'click' in imported and not imported & {'weasyprint', 'jinja2', 'pydantic', 'yaml', 'babel'}


def test_a_touched_file_is_hashed_not_rendered(site):
    os.utime(record_of(site.workspace, SEED))
    os.utime(site.package / 'templates' / 'print.css')
    assert site.written() == set()


def test_a_record_change_renders_that_release_in_the_languages_it_changes(site):
    """A person's Korean name: the Korean and bilingual outputs of that release, nothing else."""
    edit(record_of(site.workspace, SEED), 'ko: 윤종인', 'ko: 윤종민')
    assert site.written() == outputs(SEED, 'ko', 'ko-en')


def test_bytes_that_change_no_output_render_nothing(site):
    with open(record_of(site.workspace, SEED), 'a') as record:
        record.write('# a comment changes the bytes, not the release\n')
    assert site.written() == set()


def test_a_translation_used_renders_its_language_and_the_bilingual_edition(site):
    catalog = site.workspace / 'locales' / 'en' / 'LC_MESSAGES' / f'{KOREAN_FIRST}.po'
    text = catalog.read_text()
    msgstr = re.search(r'^msgstr "(.{20,}?)"$', text, re.M)[1]
    edit(catalog, f'msgstr "{msgstr}"', f'msgstr "{msgstr[:-1]}!"')
    written = site.written()
    assert {name for name in written if name.endswith('.pdf')} == outputs(KOREAN_FIRST, 'en', 'ko-en', kinds=('pdf',))
    # The pages of a release share its web font subsets, which follow every character of its pages.
    assert outputs(KOREAN_FIRST, 'en', 'ko-en') <= written <= outputs(KOREAN_FIRST, 'ko', 'en', 'ko-en')


def test_a_catalog_change_no_output_uses_renders_nothing(site):
    catalog = site.workspace / 'locales' / 'en' / 'LC_MESSAGES' / f'{KOREAN_FIRST}.po'
    catalog.write_text(catalog.read_text() + '\n# a translator\'s note\n#~ msgid "Gone"\n#~ msgstr "Gone"\n')
    assert site.written() == set()


def test_a_photo_renders_the_pdfs_that_show_it_and_its_copy(site):
    photo = site.workspace / 'samples' / SEED / 'photos' / 'bilateral-meeting-naypyitaw.png'
    with Image.open(photo) as image:
        image = image.convert('RGB')
    image.putpixel((0, 0), (1, 2, 3))
    image.save(photo)
    assert site.written() == outputs(SEED, *EDITIONS[SEED], kinds=('pdf',)) | {
        f'{SEED}/media/bilateral-meeting-naypyitaw.png'}


def test_an_output_changed_by_hand_is_rendered_again(site):
    (site.out / SEED / f'{SEED}.en.pdf').write_bytes(b'%PDF-1.7 not ours')
    (site.out / KOREAN_FIRST / f'{KOREAN_FIRST}.ko.html').unlink()
    assert site.written() == {f'{SEED}/{SEED}.en.pdf', f'{KOREAN_FIRST}/{KOREAN_FIRST}.ko.html'}


def test_options_render_what_they_change_and_force_renders_everything(site):
    assert site.written('-l', 'ko', '--paper', 'letter') == outputs(SEED, 'ko', kinds=('pdf',)) | outputs(
        KOREAN_FIRST, 'ko', kinds=('pdf',))
    assert site.written('-l', 'ko', '--paper', 'letter') == set()
    assert site.written('-l', 'ko', '--paper', 'letter', '--force') == (
        outputs(SEED, 'ko') | outputs(KOREAN_FIRST, 'ko') | {name for name in ALL if '/media/' in name})


# Publisher's own files and the software shape every PDF: asked for the English
# editions only, to keep the tests short, each renders both English PDFs again.
ENGLISH_PDFS = {f'{SEED}/{SEED}.en.pdf', f'{KOREAN_FIRST}/{KOREAN_FIRST}.en.pdf'}


def test_a_stylesheet_for_print_renders_every_pdf_and_no_page(site):
    assert site.written('-l', 'en') == set()
    with open(site.package / 'templates' / 'print.css', 'a') as css:
        css.write('\nh1 { letter-spacing: 0.01em; }\n')
    assert site.written('-l', 'en') == ENGLISH_PDFS


def test_a_font_renders_every_pdf(site):
    fonts = site.package / 'publisher' / 'fonts'
    shutil.copy(fonts / 'NotoSans-Regular.ttf', fonts / 'NotoSans-Bold.ttf')
    # And the pages, whose web fonts are subsets of the package's fonts.
    assert site.written('-l', 'en') == ENGLISH_PDFS | {name.replace('.pdf', '.html') for name in ENGLISH_PDFS}


def test_new_code_or_an_upgraded_package_renders_every_pdf(site):
    with open(site.package / 'publisher' / 'render' / 'tagging.py', 'a') as code:
        code.write('\n# a new version\n')
    assert site.written('-l', 'en') == ENGLISH_PDFS
    (site.package / 'weasyprint_extension-1.0.dist-info').mkdir()
    assert site.written('-l', 'en') == ENGLISH_PDFS


def test_a_damaged_manifest_renders_its_release_again(site):
    manifest = site.out / KOREAN_FIRST / '.publisher-manifest.json'
    manifest.write_text(manifest.read_text().replace('"sha256"', '"sha"', 3))
    assert site.written('-l', 'en', '-f', 'html') == set()  # the pages are the same: nothing rewritten
    manifest.write_text('{"version": 1, "outputs": []')
    assert site.written('-l', 'en') == {f'{KOREAN_FIRST}/{KOREAN_FIRST}.en.pdf'}


def test_the_house_style_is_an_input_and_a_broken_one_is_reported(site):
    """style.yaml decides how amounts are written: adding, changing or removing it renders the pages again,
    and a broken one is reported with its line, not passed over as unchanged."""
    pages = {f'{SEED}/{SEED}.en.html', f'{KOREAN_FIRST}/{KOREAN_FIRST}.en.html'}
    page, style = site.out / SEED / f'{SEED}.en.html', site.workspace / 'style.yaml'
    assert site.written('-l', 'en', '-f', 'html') == set()
    style.write_text('money: symbol\n')
    assert pages <= site.written('-l', 'en', '-f', 'html')
    assert 'USD 5.5 million' not in page.read_text()
    style.write_text('money: dollars\n')
    result = site.run('-l', 'en', '-f', 'html')
    assert result.returncode == 1 and "style.yaml:1: money: 'dollars' is not one of words, short, symbol" in result.stderr
    style.unlink()
    assert pages <= site.written('-l', 'en', '-f', 'html')
    assert 'USD 5.5 million' in page.read_text()


@pytest.fixture
def hashed(monkeypatch):
    """The lengths of what manifest hashes."""
    from publisher import manifest

    lengths, digest = [], manifest.digest
    monkeypatch.setattr(manifest, 'digest', lambda data: lengths.append(len(data)) or digest(data))
    return lengths


def test_a_process_hashes_each_of_its_own_files_once(hashed):
    """publisher's own files (its fonts above all) change only with an upgrade: a warm process keeps their digests."""
    from publisher import manifest
    from publisher.workspace import FONTS

    font = FONTS / 'NanumGothic.ttf'
    first = manifest.own_file_state(font)  # hashed, unless this process hashed it before
    hashed.clear()
    assert manifest.own_file_state(font) == first == manifest.file_state(font)
    assert hashed == [font.stat().st_size]  # by file_state alone
    assert manifest.own_file_state(FONTS / 'absent.ttf') is None


def test_a_file_changed_or_replaced_is_hashed_again_even_with_its_size_and_time_put_back(tmp_path, hashed):
    from publisher import manifest

    font = tmp_path / 'font.ttf'
    font.write_bytes(b'glyphs ' * 1000)
    status = font.stat()
    before = manifest.own_file_state(font)
    assert before == manifest.own_file_state(font) == manifest.file_state(font)
    assert hashed == [7000] * 3  # changed seconds ago: its next write might keep its times, so hashed each time
    font.write_bytes(b'shapes ' * 1000)
    os.utime(font, ns=(status.st_atime_ns, status.st_mtime_ns))
    after = manifest.own_file_state(font)
    assert (after['size'], after['mtime_ns']) == (before['size'], before['mtime_ns'])
    assert after == manifest.file_state(font) and after['sha256'] != before['sha256']
    replaced = tmp_path / 'new.ttf'
    replaced.write_bytes(b'glyphs ' * 1000)
    os.utime(replaced, ns=(status.st_atime_ns, status.st_mtime_ns))
    os.replace(replaced, font)
    assert manifest.own_file_state(font) == before
