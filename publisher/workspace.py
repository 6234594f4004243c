"""Where a release's files live: its workspace and the package's own assets.

A workspace is the folder that holds the records, their photos and the
``locales/`` catalogs.  It is found from a record the way git finds its
repository: the nearest folder above the record that has a ``locales/``
folder, or else the record's own folder.  Nothing outside the workspace and the
package is ever read while rendering.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .installation import PACKAGE as _PACKAGE, asset_folder

PACKAGE = Path(_PACKAGE)

#: The domain of the strings of the templates, shared by all releases.
TEMPLATE_DOMAIN = 'publisher'
#: The language the templates are written in.
TEMPLATE_LANGUAGE = 'en'


TEMPLATES = Path(asset_folder('templates'))
LOCALES = Path(asset_folder('locales'))
FONTS = PACKAGE / 'fonts'


def user_cache() -> Path:
    """The user's cache folder for publisher: what can be made again, kept to save time
    (``$XDG_CACHE_HOME/publisher``, by default ``~/.cache/publisher``)."""
    return Path(os.environ.get('XDG_CACHE_HOME') or Path.home() / '.cache') / 'publisher'


#: The workspace's list of official terms (see drafts/glossary.py), at its top.
GLOSSARY = 'glossary.yaml'


@dataclass(frozen=True)
class Workspace:
    root: Path

    @classmethod
    def of_record(cls, record: Path) -> Workspace:
        return cls.of_folder(Path(record).resolve().parent)

    @classmethod
    def of_folder(cls, folder: Path) -> Workspace:
        """The workspace ``folder`` is in: the nearest folder with ``locales/``, else ``folder``."""
        folder = Path(folder).resolve()
        for candidate in (folder, *folder.parents):
            if (candidate / 'locales').is_dir():
                return cls(candidate)
        return cls(folder)

    @property
    def locales(self) -> Path:
        return self.root / 'locales'

    def catalog(self, language: str, domain: str) -> Path:
        """The ``.po`` file of ``domain`` in ``language`` (GNU layout)."""
        return self.locales / language / 'LC_MESSAGES' / f'{domain}.po'

    def catalogs(self, language: str) -> list[Path]:
        """Every ``.po`` of ``language`` here, and the package's template catalog."""
        found = sorted((self.locales / language / 'LC_MESSAGES').glob('*.po'))
        package = LOCALES / language / 'LC_MESSAGES' / f'{TEMPLATE_DOMAIN}.po'
        return found + [package] if package.is_file() and package not in found else found

    def template_catalog(self, language: str) -> Path:
        """The workspace's own template translations if it has them, else the package's."""
        own = self.catalog(language, TEMPLATE_DOMAIN)
        return own if own.is_file() else LOCALES / language / 'LC_MESSAGES' / f'{TEMPLATE_DOMAIN}.po'


def record_files(paths) -> list[Path]:
    """The record files named by ``paths``.

    A folder stands for the records in it (its ``.yaml`` files but the
    glossary) or, holding none, for the ``release.yaml`` of each of its
    folders: ``samples`` means every release in it.
    """
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.iterdir()
                           if p.suffix in ('.yaml', '.yml') and p.name != GLOSSARY and p.is_file())
            files += found or sorted(path.glob('*/release.yaml'))
        else:
            files.append(path)
    return files
