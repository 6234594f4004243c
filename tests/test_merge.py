"""Updating catalogs: translators' work kept, changes shown, nothing guessed, no noise."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from publisher.catalogs.pofile import read_po

from conftest import ENGLISH_SAMPLE, KOREAN_FIRST, KOREAN_SAMPLE, SEED, record_of


def publisher(workspace, *args):
    result = subprocess.run([sys.executable, '-m', 'publisher', *map(str, args)], cwd=workspace,
                            capture_output=True, text=True)
    return result


def update(workspace, *args):
    result = publisher(workspace, 'update', 'samples/' + SEED, 'samples/' + KOREAN_FIRST, *args)
    assert result.returncode == 0, result.stderr
    return result


def catalogs(workspace):
    return sorted((workspace / 'locales').rglob('*.po'))


def snapshot(workspace):
    return {path: path.read_bytes() for path in catalogs(workspace)}


def seed_catalog(workspace):
    return workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'


def entry(workspace, msgid_start, path=None):
    po = read_po(path or seed_catalog(workspace))
    return next(e for e in po.entries if e.msgid.startswith(msgid_start) or (e.previous_msgid or '').startswith(msgid_start))


def edit_record(workspace, old, new):
    path = record_of(workspace, SEED)
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_extract_update_then_msgfmt_checks_every_catalog(workspace):
    assert publisher(workspace, 'extract', 'samples/' + SEED, 'samples/' + KOREAN_FIRST).returncode == 0
    assert sorted(p.name for p in (workspace / 'locales').glob('*.pot')) == sorted([
        f'{SEED}.pot', f'{KOREAN_SAMPLE}.pot', f'{KOREAN_FIRST}.pot', f'{ENGLISH_SAMPLE}.pot', 'publisher.pot'])
    update(workspace, '-l', 'ko', '-l', 'en')
    assert (workspace / 'locales' / 'en' / 'LC_MESSAGES' / 'publisher.po').exists() is False
    for path in catalogs(workspace):
        subprocess.run(['msgfmt', '-c', '--check-format', '-o', '/dev/null', str(path)], check=True)


def test_an_up_to_date_workspace_is_not_touched(workspace):
    update(workspace)
    before = snapshot(workspace)
    result = update(workspace)
    assert snapshot(workspace) == before
    # the seed's ko, th, my; the other's en; templates ko, th, my; and the three .pot files
    assert result.stdout.count('unchanged') == 10


def test_a_catalog_gnu_msgcat_rewrote_is_not_touched(workspace):
    for path in catalogs(workspace):
        lines = path.read_text().splitlines()
        subprocess.run(['msgcat', '--width=60', '-o', str(path), str(path)], check=True)
        assert path.read_text().splitlines() != lines or len(max(lines, key=len)) <= 60
    before = snapshot(workspace)
    update(workspace)
    assert snapshot(workspace) == before


def templates(workspace):
    return {path: path.read_bytes() for path in (workspace / 'locales').glob('*.pot')}


def test_an_up_to_date_template_is_not_touched(workspace):
    update(workspace)
    before = templates(workspace)
    update(workspace)
    assert templates(workspace) == before


def edit_add_and_remove_strings(workspace):
    edit_record(workspace, 'aimed to share Korea’s', 'sought to share Korea’s')
    edit_record(workspace, '  - >-\n    On the same day,', '  - A brand-new paragraph about Busan.\n  - >-\n    On the same day,')
    remove_government_paragraph(workspace)


def test_update_writes_the_release_template_with_the_records_strings(workspace):
    edit_add_and_remove_strings(workspace)
    result = update(workspace, '-l', 'ko')
    assert f'locales/{SEED}.pot: written; ' in result.stdout
    msgids = [e.msgid for e in read_po(workspace / 'locales' / f'{SEED}.pot').entries]
    assert any(m.startswith('The delegation, headed by {yoon}, {yoon.title}, sought to share') for m in msgids)
    assert 'A brand-new paragraph about Busan.' in msgids
    assert not any('aimed to share' in m or m.startswith('The government expects') for m in msgids)


def compared_with_place(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr, entry.msgstr_plural, entry.fuzzy,
            entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural, entry.obsolete,
            entry.references, tuple(flag for flag in entry.flags if flag != 'fuzzy'))


@pytest.mark.parametrize('language', ['ko', 'th', 'my'])
def test_msgmerge_against_the_template_update_wrote_changes_no_message(workspace, tmp_path, language):
    """What a translation platform's msgmerge does with the refreshed .pot: nothing new, nothing gone.

    Only the comments update keeps as a translation's history (``#.``) are
    left out of the comparison: msgmerge takes those from the template.
    """
    edit_add_and_remove_strings(workspace)
    update(workspace)
    po = workspace / 'locales' / language / 'LC_MESSAGES' / f'{SEED}.po'
    pot, merged = workspace / 'locales' / f'{SEED}.pot', tmp_path / 'gnu.po'
    subprocess.run(['msgmerge', '--quiet', '--previous', '-o', str(merged), str(po), str(pot)], check=True)
    assert [compared_with_place(e) for e in read_po(merged).entries] == [
        compared_with_place(e) for e in read_po(po).entries]
    for path in (pot, po):
        check = subprocess.run(['msgfmt', '-c', '--check-format', '-o', '/dev/null', str(path)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


def test_update_refreshes_the_workspaces_template_strings_template(workspace):
    pot = workspace / 'locales' / 'publisher.pot'
    shipped = read_po(pot).entries
    pot.write_text(pot.read_text().replace('msgid "Press release"', 'msgid "Press Release"'))
    update(workspace)
    assert read_po(pot).entries == shipped


def test_update_adds_no_template_strings_template_to_a_workspace_without_one(workspace):
    (workspace / 'locales' / 'publisher.pot').unlink()
    result = update(workspace)
    assert not (workspace / 'locales' / 'publisher.pot').exists()
    assert 'publisher.pot' not in result.stdout


def test_a_changed_string_keeps_its_translation_as_fuzzy_with_the_old_text(workspace):
    edit_record(workspace, 'aimed to share Korea’s', 'sought to share Korea’s')
    update(workspace)
    changed = entry(workspace, 'The delegation, headed by')
    assert changed.fuzzy
    assert changed.previous_msgid.startswith('The delegation, headed by {yoon}, {yoon.title}, aimed to share')
    assert changed.msgid.startswith('The delegation, headed by {yoon}, {yoon.title}, sought to share')
    assert changed.msgstr.startswith('{yoon} {yoon.title}을 단장으로')
    assert '#| msgid ""\n#| "The delegation' in seed_catalog(workspace).read_text()


def test_a_translators_edit_survives_a_change_elsewhere(workspace):
    path = seed_catalog(workspace)
    text = path.read_text().replace('msgstr "지난 행사"', '# 검토: 김 번역사\nmsgstr "지난 행사들"')
    path.write_text(text.replace('# 검토: 김 번역사\nmsgstr', 'msgstr'))
    path.write_text(path.read_text().replace('#. breadcrumb[2]\n', '# 검토: 김 번역사\n#. breadcrumb[2]\n'))
    edit_record(workspace, 'aimed to share Korea’s', 'sought to share Korea’s')
    update(workspace)
    kept = entry(workspace, 'Previous Events')
    assert (kept.msgstr, kept.translator_comments, kept.fuzzy) == ('지난 행사들', ('검토: 김 번역사',), False)


def test_a_new_string_never_inherits_a_neighbours_translation(workspace):
    edit_record(workspace, '  - >-\n    On the same day,', '  - A brand-new paragraph about Busan.\n  - >-\n    On the same day,')
    update(workspace, '--no-memory')
    new = entry(workspace, 'A brand-new paragraph')
    assert (new.msgstr, new.fuzzy) == ('', False)
    moved = entry(workspace, 'On the same day')
    assert moved.msgstr.startswith('같은 날') and not moved.fuzzy


def test_deleting_a_paragraph_and_editing_the_next_keeps_each_translation_on_its_string(workspace):
    """The edited paragraph keeps its own translation, not the deleted one's, which goes obsolete."""
    path = record_of(workspace, SEED)
    text = path.read_text()
    start = text.index('  - >-\n    The delegation first visited')
    end = text.index('  - >-\n    On {naypyitaw_meeting.weekday}')
    path.write_text((text[:start] + text[end:]).replace('moved to {naypyitaw}', 'travelled to {naypyitaw}'))
    update(workspace, '--no-memory')
    po = read_po(seed_catalog(workspace))
    edited = next(e for e in po.entries if 'travelled to {naypyitaw}' in e.msgid)
    assert edited.fuzzy and edited.previous_msgid == edited.msgid.replace('travelled to', 'moved to')
    assert edited.msgstr.startswith('{yoon.short}은 {naypyitaw_meeting.weekday}')
    deleted = next(e for e in po.entries if e.msgid.startswith('The delegation first visited'))
    assert deleted.obsolete and deleted.msgstr.startswith('대표단은 먼저')


def test_inserting_a_paragraph_and_editing_the_next_gives_the_new_one_nothing(workspace):
    edit_record(workspace, '  - >-\n    On {naypyitaw_meeting.weekday}, {yoon.short} moved to',
                '  - A brand-new paragraph about the workshop in Busan.\n'
                '  - >-\n    On {naypyitaw_meeting.weekday}, {yoon.short} travelled to')
    update(workspace, '--no-memory')
    po = read_po(seed_catalog(workspace))
    new = next(e for e in po.entries if e.msgid.startswith('A brand-new paragraph'))
    assert (new.msgstr, new.fuzzy, new.previous_msgid) == ('', False, None)
    edited = next(e for e in po.entries if 'travelled to {naypyitaw}' in e.msgid)
    assert edited.fuzzy and edited.previous_msgid == edited.msgid.replace('travelled to', 'moved to')
    assert edited.msgstr.startswith('{yoon.short}은 {naypyitaw_meeting.weekday}')
    assert not any(e.obsolete for e in po.entries)


def remove_government_paragraph(workspace):
    """Take the paragraph "The government expects…" out of the seed; return the record as it was."""
    path = record_of(workspace, SEED)
    original = path.read_text()
    start = original.index('  - >-\n    The government expects')
    path.write_text(original[:start] + original[original.index('  - quote: >-'):])
    return original


def test_a_removed_string_becomes_obsolete(workspace):
    remove_government_paragraph(workspace)
    update(workspace)
    po = read_po(seed_catalog(workspace))
    gone = [e for e in po.entries if e.obsolete]
    assert [e.msgid[:30] for e in gone] == ['The government expects that th']
    assert gone[0].msgstr.startswith('정부는 이번 대표단')
    assert '#~ msgid ""\n#~ "The government expects' in seed_catalog(workspace).read_text()


def test_an_obsolete_string_that_returns_is_restored(workspace):
    original = remove_government_paragraph(workspace)
    update(workspace)
    record_of(workspace, SEED).write_text(original)
    update(workspace)
    restored = entry(workspace, 'The government expects')
    assert not restored.obsolete and not restored.fuzzy and restored.msgstr.startswith('정부는')


def test_new_catalogs_get_a_header_for_their_language(workspace):
    (workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po').unlink()
    update(workspace)
    po = read_po(seed_catalog(workspace))
    assert po.metadata['Language'] == 'ko'
    assert po.metadata['Plural-Forms'] == 'nplurals=1; plural=0;'
    assert po.metadata['Content-Type'] == 'text/plain; charset=UTF-8'
    subprocess.run(['msgfmt', '-c', '-o', '/dev/null', str(seed_catalog(workspace))], check=True)


@pytest.mark.parametrize('damage, line, message', [
    (lambda t: t.replace('msgstr "지난 행사"', 'msgstr "지난 행사'), 'msgstr "지난 행사', 'end of line within string'),
    (lambda t: t + '\nmsgid "Previous Events"\nmsgctxt "x"\nmsgstr ""\n', 'msgctxt "x"', 'msgctxt must come before msgid'),
    (lambda t: t.replace('charset=UTF-8', 'charset=EUC-KR'), 'Content-Type', 'the header says charset=EUC-KR'),
    (lambda t: t.replace('msgstr "{mois.short}, 태국', 'msgstr "{mois.shrt}, 태국'), 'msgstr "{mois.shrt}',
     'drops {mois.short} and adds {mois.shrt}'),
    (lambda t: t.replace('msgctxt "breadcrumb"\nmsgid "Previous Events"', 'msgctxt "breadcrumb"\nmsgid "Government Innovation"'),
     None, 'duplicate message definition'),
])
def test_a_broken_catalog_is_reported_and_left_as_it_was(workspace, damage, line, message):
    path = seed_catalog(workspace)
    path.write_text(damage(path.read_text()))
    edit_record(workspace, 'aimed to share Korea’s', 'sought to share Korea’s')
    before = snapshot(workspace)
    result = publisher(workspace, 'update', 'samples/' + SEED)
    assert result.returncode == 1 and 'Traceback' not in result.stderr
    assert f'locales/ko/LC_MESSAGES/{SEED}.po:' in result.stderr and message in result.stderr
    if line:
        number = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if line in text)
        assert f'{SEED}.po:{number}:' in result.stderr
    assert snapshot(workspace) == before


def test_a_catalog_in_another_encoding_is_refused(workspace):
    path = seed_catalog(workspace)
    path.write_bytes(path.read_text().encode('utf-8').replace('지난 행사'.encode(), '지난 행사'.encode('euc-kr')))
    before = snapshot(workspace)
    result = publisher(workspace, 'update', 'samples/' + SEED)
    assert result.returncode == 1 and 'not UTF-8 text' in result.stderr
    assert snapshot(workspace) == before


def test_two_updates_at_once_leave_whole_catalogs(workspace):
    edit_record(workspace, 'aimed to share Korea’s', 'sought to share Korea’s')
    runs = [subprocess.Popen([sys.executable, '-m', 'publisher', 'update', 'samples/' + SEED], cwd=workspace,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)]
    assert [run.wait() for run in runs] == [0, 0, 0, 0]
    assert sum(b'mois-asean-corps-2019.po: updated' in run.stdout.read() for run in runs) == 1
    assert entry(workspace, 'The delegation, headed by').fuzzy
    subprocess.run(['msgfmt', '-c', '-o', '/dev/null', str(seed_catalog(workspace))], check=True)


def test_an_update_killed_halfway_leaves_each_catalog_old_or_new(workspace, tmp_path):
    """Killed at any moment, every catalog is whole: as it was, or as a full update makes it."""
    import shutil
    import signal
    import time

    for index in range(40):
        folder = workspace / 'samples' / f'copy-{index:02}'
        shutil.copytree(workspace / 'samples' / SEED, folder)
        record = folder / 'release.yaml'
        record.write_text(record.read_text().replace(f'id: {SEED}', f'id: copy-{index:02}')
                          .replace('aimed to share', 'sought to share'))
        for language in ('ko', 'th', 'my'):
            folder = workspace / 'locales' / language / 'LC_MESSAGES'
            shutil.copy(folder / f'{SEED}.po', folder / f'copy-{index:02}.po')
    finished = tmp_path / 'finished'
    shutil.copytree(workspace, finished)
    start = time.perf_counter()
    subprocess.run([sys.executable, '-m', 'publisher', 'update', *sorted(str(p) for p in (finished / 'samples').iterdir())],
                   cwd=finished, check=True, capture_output=True)
    duration = time.perf_counter() - start
    before = snapshot(workspace)
    run = subprocess.Popen([sys.executable, '-m', 'publisher', 'update',
                            *sorted(str(p) for p in (workspace / 'samples').iterdir())], cwd=workspace,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(duration * 0.9)
    run.send_signal(signal.SIGKILL)
    run.wait()
    after = {path.relative_to(workspace): data for path, data in snapshot(workspace).items()}
    old = {path.relative_to(workspace): data for path, data in before.items()}
    new = {path.relative_to(finished): data for path, data in snapshot(finished).items()}
    assert set(after) == set(new)
    assert all(after[path] in (old.get(path), new[path]) for path in after)


def mixed_line_endings(text):
    """The first half of the catalog's lines end in CRLF, as when two editors shared it."""
    lines = text.split('\n')
    half = len(lines) // 2
    return '\r\n'.join(lines[:half]) + '\r\n' + '\n'.join(lines[half:])


@pytest.mark.parametrize('kind', ['crlf', 'no final newline', 'mixed'])
def test_a_catalog_keeps_its_line_endings(workspace, kind):
    path = seed_catalog(workspace)
    text = path.read_text()
    data = {'crlf': text.replace('\n', '\r\n').encode(), 'no final newline': text.rstrip('\n').encode(),
            'mixed': mixed_line_endings(text).encode()}[kind]
    path.write_bytes(data)
    update(workspace)
    assert path.read_bytes() == data
    edit_record(workspace, 'aimed to share Korea’s', 'sought to share Korea’s')
    update(workspace)
    after = path.read_bytes()
    assert entry(workspace, 'The delegation, headed by').fuzzy
    if kind == 'crlf':
        assert after.count(b'\r\n') == after.count(b'\n')
    if kind == 'mixed':  # the rewritten entry alone changed; the lines around it kept their endings
        prefix = len(os.path.commonprefix([data, after]))
        suffix = len(os.path.commonprefix([data[::-1], after[::-1]]))
        changed = after[prefix:len(after) - suffix]
        assert b'The delegation' in after[prefix - 200:len(after) - suffix] and changed.count(b'\n') < 20
        assert b'\r\r' not in after
    if kind == 'no final newline':
        assert not after.endswith(b'\n')


def test_a_byte_order_mark_is_refused_by_check_and_removed_by_update(workspace):
    """GNU msgfmt and msgmerge refuse a catalog that starts with a byte-order mark (a syntax error on line 1)."""
    path = seed_catalog(workspace)
    data = path.read_bytes()
    path.write_bytes(b'\xef\xbb\xbf' + data)
    checked = publisher(workspace, 'check', 'samples/' + SEED)
    assert checked.returncode == 1
    assert f'locales/ko/LC_MESSAGES/{SEED}.po:1: starts with a byte-order mark' in checked.stderr
    result = update(workspace)
    assert f'{SEED}.po: updated; ' in result.stdout and 'byte-order mark removed' in result.stdout
    assert path.read_bytes() == data
    subprocess.run(['msgfmt', '-c', '--check-format', '-o', '/dev/null', str(path)], check=True)


def test_an_edit_undone_before_review_gives_back_the_reviewed_translation(workspace):
    update(workspace)
    reviewed = seed_catalog(workspace).read_bytes()
    edit_record(workspace, 'aimed to share Korea’s', 'sought to share Korea’s')
    update(workspace)
    edited = entry(workspace, 'The delegation, headed by')
    assert edited.fuzzy and 'aimed to share' in edited.previous_msgid
    edit_record(workspace, 'sought to share Korea’s', 'aimed to share Korea’s')
    update(workspace)
    assert seed_catalog(workspace).read_bytes() == reviewed


@pytest.mark.parametrize('comment', ['', '#. machine draft: libre, 2026-01-05\n'])
def test_a_fuzzy_mark_the_merge_did_not_make_stays_when_an_edit_is_undone(workspace, comment):
    path = seed_catalog(workspace)
    update(workspace)
    text = path.read_text()
    flags = '#, python-brace-format\nmsgid ""\n"The delegation, headed by'
    assert flags in text
    path.write_text(text.replace(flags, comment + flags.replace('#, ', '#, fuzzy, ')))
    edit_record(workspace, 'aimed to share Korea’s', 'sought to share Korea’s')
    update(workspace)
    edit_record(workspace, 'sought to share Korea’s', 'aimed to share Korea’s')
    update(workspace)
    assert entry(workspace, 'The delegation, headed by').fuzzy
