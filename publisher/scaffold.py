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
    overwritten, and a half-written one is removed.
    """
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError([Problem(folder, None, '', 'not an empty folder; init writes a workspace only into a '
                                                    'new or empty one')])
    existed = folder.exists()
    try:
        _write(folder)
        return sorted(path for path in folder.rglob('*') if path.is_file())
    except BaseException:
        _remove(folder, existed)
        raise


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


def _remove(folder: Path, existed: bool):
    if existed:
        for path in folder.iterdir():
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    else:
        shutil.rmtree(folder, ignore_errors=True)
