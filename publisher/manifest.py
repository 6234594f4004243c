"""What each output was made from, so that a render redoes only what changed.

Each release folder of the output holds a small manifest,
``<out>/<id>/.publisher-manifest.json``, written after its outputs:

- ``inputs``: every file rendering the release read (the record, its photos
  and attachments, its catalogs and the template catalogs, the templates,
  the fonts, publisher's own code), each with its size, modification time and
  SHA-256, or ``null`` for a file that was looked for and absent (a
  workspace's own template catalog, say);
- ``software``: the Python and the installed packages' versions;
- ``requests``: for each set of options a render was asked for, the outputs
  it made;
- ``outputs``: each output's key (the digest of everything it is made of,
  see build.py) and its size, time and SHA-256 as written;
- ``stale_after``, for a release its embargo holds back: the moment it lifts
  (UTC), after which its pages are rendered again, no input having changed;
  ``held_by`` says what holds it (``embargo``, or ``distribution`` for a
  release without an embargo, held until it is distributed);
- ``stale_before``, for a release published though it has an embargo: the
  moment the embargo lifts (UTC).  A render as of an earlier moment renders
  its pages again, holding it back: one render as of a later moment (``--now``)
  never publishes a release early for good.

A render first asks :func:`unchanged_outputs`: if every input, the software
and every output are as the manifest says, nothing is to be done, and this
is found without importing the record's schema, Jinja2 or WeasyPrint.
Otherwise the release is rendered again, and each output whose key did not
change is reported unchanged (a PDF is not laid out again).  A file whose
time or size changed is hashed again, so touching a file costs a hash, not
a render; an edit always changes the hash, so a stale output is never taken
for current.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from .publishing.moments import utc
from .workspace import FONTS, LOCALES, PACKAGE, TEMPLATE_DOMAIN, TEMPLATES

NAME = '.publisher-manifest.json'
VERSION = 1


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_state(path: Path) -> dict | None:
    """Size, modification time and SHA-256 of ``path``; None if it is absent."""
    return _state(path, None)


#: The digests of publisher's own files this process took, by each file's identity and state (see own_file_state).
_own_digests: dict[tuple, str] = {}
#: How long ago a file must have last changed for its digest to be kept, in nanoseconds.
SETTLED_NS = 2 * 10 ** 9


def own_file_state(path: Path) -> dict | None:
    """file_state of one of publisher's own files (code, fonts, templates), hashed once by a process for as
    long as the file keeps its device, inode, size and times.

    Every render records their states, and hashing them is about 20 ms
    (12 MB, the fonts above all): a warm process (the command process,
    whose copies inherit what it hashed warming up; the preview) hashed
    them again for every render, though they change only when publisher
    is upgraded.  A file replaced, or written to, has another inode or
    change time, and is hashed again; so is one changed in the last
    seconds, whose next write could fall in the same tick of the clock
    that stamps its times.
    """
    return _state(path, _own_digests)


def _state(path: Path, digests: dict | None) -> dict | None:
    """file_state of ``path``, its digest taken from ``digests`` (by the file's identity) when it is there,
    and kept in it once the file has settled."""
    try:
        with open(path, 'rb') as file:
            status = os.fstat(file.fileno())
            identity = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
            sha256 = digests.get(identity) if digests is not None else None
            if sha256 is None:
                sha256 = digest(file.read())
                if digests is not None and time.time_ns() - status.st_ctime_ns > SETTLED_NS:
                    digests[identity] = sha256
            return {'size': status.st_size, 'mtime_ns': status.st_mtime_ns, 'sha256': sha256}
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


class States:
    """File states for one run: each file is looked at once, and hashed only when its time or size moved."""

    def __init__(self):
        self._seen = {}

    def matches(self, path: str, recorded: dict | None) -> bool:
        """Whether ``path`` still holds what ``recorded`` says (None: that it is still absent)."""
        try:
            key = (path, None if recorded is None else (recorded['size'], recorded['mtime_ns'], recorded['sha256']))
        except (KeyError, TypeError):  # damaged by hand: not to be trusted
            return False
        if key not in self._seen:
            self._seen[key] = self._matches(Path(path), recorded)
        return self._seen[key]

    @staticmethod
    def _matches(path: Path, recorded: dict | None) -> bool:
        try:
            status = path.stat()
        except OSError:
            return recorded is None
        if recorded is None or not path.is_file() or status.st_size != recorded['size']:
            return False
        if status.st_mtime_ns == recorded['mtime_ns']:
            return True
        state = file_state(path)
        return state is not None and state['sha256'] == recorded['sha256']


def package_files() -> list[Path]:
    """Publisher's own files that shape every output: its code, templates, fonts and template catalogs."""
    files = list(PACKAGE.rglob('*.py')) + list(LOCALES.glob(f'*/LC_MESSAGES/{TEMPLATE_DOMAIN}.po'))
    for folder in (TEMPLATES, FONTS):
        files += [path for path in folder.rglob('*') if path.is_file()]
    return sorted(set(files))


def request_key(*, locales, formats, draft, paper, press, archive, base_url, inline_images, fonts) -> str:
    """The options of a render that choose or shape its outputs, as one string.

    Every option is named, so that a caller that forgets one (the CLI looks
    the key up, build records it) fails at once instead of never matching.
    """
    options = dict(locales=list(dict.fromkeys(locales)), formats=sorted(set(formats)), draft=draft, paper=paper,
                   press=press, archive=archive, base_url=base_url, inline_images=inline_images, fonts=fonts)
    return json.dumps(options, sort_keys=True, default=list)


def read(folder: Path) -> dict | None:
    """The manifest in ``folder``, or None if there is none or it cannot be read."""
    try:
        manifest = json.loads((Path(folder) / NAME).read_bytes())
    except (OSError, ValueError, RecursionError):  # RecursionError: nested thousands of levels deep
        return None
    shapes = {'version': int, 'record': str, 'software': str, 'inputs': dict, 'requests': dict, 'outputs': dict}
    if not isinstance(manifest, dict) or manifest.get('version') != VERSION or not all(
            isinstance(manifest.get(key), kind) for key, kind in shapes.items()):
        return None  # another version's, or damaged: everything is rendered again
    return manifest


def records_in(out: Path) -> dict[str, tuple[Path, dict]]:
    """Every manifest under ``out``, by the record it was made from: {record: (release folder, manifest)}."""
    found = {}
    try:
        folders = [entry for entry in os.scandir(out) if entry.is_dir()]
    except OSError:
        return found
    for entry in folders:
        manifest = read(Path(entry.path))
        if manifest is not None:
            found[manifest['record']] = (Path(entry.path), manifest)
    return found


def held_back(out: Path, now) -> list[Path]:
    """The release folders under ``out`` whose pages an embargo holds back at ``now``, as their manifests say."""
    return sorted(folder for folder, manifest in records_in(out).values()
                  if manifest.get('stale_after') and utc(now) < manifest['stale_after'])


#: Beside the release folders: the release manifests the site's files were last written from, and those
#: files as they were written, so that a render stopped between a release's outputs and the site's files
#: (a feed that could not be written), or a site file removed since, is not taken for current.
SITE = '.publisher-site.json'
SITE_FILES = ('index.html', 'sitemap.xml', 'feed.*.atom')


def site_state(out: Path) -> dict:
    """The digest of every release manifest under ``out``, and the size and time of each site file there."""
    out = Path(out)
    manifests = hashlib.sha256()
    for path in sorted(out.glob(f'*/{NAME}')):
        try:
            manifests.update(f'{path.parent.name}\0{digest(path.read_bytes())}\n'.encode())
        except OSError:
            continue
    files = {}
    for path in sorted(path for pattern in SITE_FILES for path in out.glob(pattern)):
        try:
            status = path.stat()
        except OSError:
            continue
        files[path.name] = [status.st_size, status.st_mtime_ns]
    return {'manifests': manifests.hexdigest(), 'files': files}


def site_is_current(out: Path) -> bool:
    """Whether the site's files of ``out`` were written, all of them, after its releases as they are."""
    try:
        return json.loads((Path(out) / SITE).read_bytes()) == site_state(out)
    except (OSError, ValueError, RecursionError):
        return False


def site_written(out: Path) -> None:
    """Note that the site's files of ``out`` are now written from its releases as they are."""
    from .atomic import write_atomic

    try:
        write_atomic(Path(out) / SITE, json.dumps(site_state(out), sort_keys=True).encode())
    except OSError:
        pass  # a speed-up only: without it the next render writes the site's files again


def unchanged_outputs(record: Path, request: str, found: dict, states: States, software_digest: str,
                      now=None) -> list[Path] | None:
    """The outputs of ``record`` for ``request`` if none of them has anything to redo at ``now``; else None."""
    entry = found.get(str(Path(record).resolve()))
    if entry is None:
        return None
    folder, manifest = entry
    if manifest.get('stale_after') and (now is None or utc(now) >= manifest['stale_after']):
        return None
    if manifest.get('stale_before') and (now is None or utc(now) < manifest['stale_before']):
        return None
    try:
        return _current(folder, manifest, request, states, software_digest)
    except (KeyError, TypeError, AttributeError, ValueError):  # a manifest damaged by hand
        return None


def _current(folder: Path, manifest: dict, request: str, states: States, software_digest: str) -> list[Path] | None:
    names = manifest['requests'].get(request)
    if names is None or manifest['software'] != software_digest:
        return None
    if not all(states.matches(path, recorded) for path, recorded in manifest['inputs'].items()):
        return None
    outputs = manifest['outputs']
    if not all(name in outputs and outputs[name]['sha256'] == sha256 and states.matches(str(folder / name), outputs[name])
               for name, sha256 in names.items()):
        return None
    return [folder / name for name in names]


def manifest_bytes(record: Path, inputs: dict, software_digest: str, requests: dict, outputs: dict,
                   stale_after: str | None = None, stale_before: str | None = None,
                   held_by: str | None = None) -> bytes:
    """A manifest, as it is written."""
    return json.dumps({'version': VERSION, 'record': str(Path(record).resolve()), 'software': software_digest,
                       'inputs': inputs, 'requests': requests, 'outputs': outputs,
                       **({'stale_after': stale_after} if stale_after else {}),
                       **({'held_by': held_by} if stale_after and held_by else {}),
                       **({'stale_before': stale_before} if stale_before else {})},
                      indent=1, sort_keys=True).encode() + b'\n'

