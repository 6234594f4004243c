"""Which publisher this is: its code, its assets and the Python packages it runs with, as digests.

A render compares ``software()`` with what made its outputs (manifest.py);
the warm service is named by ``installation()``, so that a command is never
done by a service of other code (render/warm.py, handover.py).  Both are
asked before anything else is imported, so they use nothing but the
standard library's quickest modules.
"""

from __future__ import annotations

import hashlib
import os
import sys

PACKAGE = os.path.dirname(os.path.realpath(__file__))
#: The language catalogs of the templates (publisher.po), as each language's folder holds them.
TEMPLATE_CATALOG = os.path.join('LC_MESSAGES', 'publisher.po')


def asset_folder(name: str) -> str:
    """A wheel carries its assets inside the package; a source checkout at its top."""
    inside = os.path.join(PACKAGE, name)
    return inside if os.path.isdir(inside) else os.path.join(os.path.dirname(PACKAGE), name)


def software() -> str:
    """The Python and every installed distribution with its version, as one digest.

    Read from the names of the ``.dist-info`` folders (``weasyprint-70.0.dist-info``):
    asking importlib.metadata would cost more than the rest of a render that
    finds nothing to do.
    """
    names = [sys.version]
    for folder in dict.fromkeys(sys.path):
        try:
            names += sorted(name for name in os.listdir(folder or '.') if name.endswith('.dist-info'))
        except OSError:
            pass
    return hashlib.sha256('\n'.join(names).encode()).hexdigest()


def installation() -> str:
    """A short digest of what does the work: the Python, the installed packages, and publisher's own files
    (its code, fonts and templates, and the templates' catalogs), each by its size and modification time."""
    states = [f'{path}:{status.st_size}:{status.st_mtime_ns}' for path, status in sorted(_own_files())]
    identity = '\n'.join([sys.executable, software(), *states])
    return hashlib.sha256(identity.encode()).hexdigest()[:16]


def _own_files():
    for top in dict.fromkeys([PACKAGE, asset_folder('templates')]):
        for folder, subfolders, names in os.walk(top):
            subfolders[:] = [name for name in subfolders if name != '__pycache__']
            for name in names:
                path = os.path.join(folder, name)
                yield path, os.stat(path)
    locales = asset_folder('locales')
    for language in os.listdir(locales) if os.path.isdir(locales) else ():
        path = os.path.join(locales, language, TEMPLATE_CATALOG)
        if os.path.isfile(path):
            yield path, os.stat(path)
