"""A new workspace: what a press office starts from (``publisher init``).

The workspace holds a commented example release, the glossary, the record's
JSON Schema for editors, a ``.gitignore`` for what publisher writes, and the
``locales/`` catalogs of the example, ready for a translator::

    DIR/releases/example-release/release.yaml
    DIR/locales/example-release.pot, DIR/locales/en/LC_MESSAGES/example-release.po, ...
    DIR/glossary.yaml
    DIR/record.schema.json
    DIR/.gitignore
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .problems import InputError, Problem
from .schema import schema_text
from .workspace import GLOSSARY, PACKAGE

STARTER = PACKAGE / 'starter'

#: Where the example release goes in the new workspace.
EXAMPLE = Path('releases') / 'example-release' / 'release.yaml'

#: The schema's place in a workspace, which the example record names.
SCHEMA_NAME = 'record.schema.json'


def create_workspace(folder: Path) -> list[Path]:
    """Write a new workspace into ``folder`` (new or empty); return the files written.

    Nothing is written into a folder that holds anything: a workspace is never
    overwritten.  The workspace is written in a hidden folder inside ``folder``
    first, then moved into place: if init fails or is interrupted (Ctrl-C), it
    removes what it wrote and nothing else, even files another program put in
    the folder meanwhile.
    """
    import tempfile

    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError([Problem(folder, None, '', 'not an empty folder; init writes a workspace only into a '
                                                    'new or empty one')])
    made = _missing_folders(folder)
    folder.mkdir(parents=True, exist_ok=True)
    staging, placed = None, []
    try:
        staging = Path(tempfile.mkdtemp(prefix='.publisher-init-', dir=folder))
        _write(staging)
        ours = sorted(path.relative_to(staging) for path in staging.rglob('*'))
        for entry in sorted(staging.iterdir()):
            _place(entry, folder / entry.name, ours, placed)
        staging.rmdir()
        return sorted(folder / path for path in ours if (folder / path).is_file())
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        _remove(folder, placed, made)
        raise


def _missing_folders(folder: Path) -> list[Path]:
    """The folders ``folder.mkdir(parents=True)`` would make, deepest first."""
    missing = []
    for path in (folder, *folder.parents):
        if path.exists():
            break
        missing.append(path)
    return missing


def _place(entry: Path, target: Path, ours: list[Path], placed: list[Path]):
    """Move ``entry`` of the staging folder to ``target``, unless something took that name meanwhile;
    note each path of it (``ours``, relative to the workspace) as placed."""
    if target.exists() or target.is_symlink():
        raise InputError([Problem(target, None, '', 'appeared while init was writing the workspace; nothing '
                                                    'of init was left')])
    entry.rename(target)
    placed += [target.parent / path for path in ours if path.parts[0] == entry.name]


def _remove(folder: Path, placed: list[Path], made: list[Path]):
    """Remove what init placed in ``folder``, files first, and the folders it made if nothing else is
    in them now; whatever another program put there meanwhile stays."""
    for path in sorted(placed, key=lambda path: len(path.parts), reverse=True):
        try:
            path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()
        except OSError:  # a folder another program put a file in: theirs now
            pass
    for path in made:
        try:
            path.rmdir()
        except OSError:
            break


def _write(folder: Path):
    from .catalogs.extract import catalog_files, write_templates
    from .catalogs.merge import update_catalogs
    from .record import load_record

    (folder / 'locales').mkdir(parents=True, exist_ok=True)
    (folder / EXAMPLE).parent.mkdir(parents=True)
    shutil.copyfile(STARTER / 'release.yaml', folder / EXAMPLE)
    shutil.copyfile(STARTER / 'glossary.yaml', folder / GLOSSARY)
    shutil.copyfile(STARTER / 'gitignore', folder / '.gitignore')
    (folder / SCHEMA_NAME).write_text(schema_text(), encoding='utf-8')
    release = load_record(folder / EXAMPLE)
    write_templates(release)
    update_catalogs(catalog_files([release]))
