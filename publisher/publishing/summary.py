"""What ``status`` needs of a release, kept apart from its record so that reading it back builds no schema.

Reading a record (its YAML composed, every field's line mapped, every text
checked, the whole validated by the schema) is most of what ``status`` would
take over a workspace of many releases.  Even a record kept by an earlier
command (kept.py) costs the schema's pydantic models to read back (about
0.3 s to import them) and every field to unpickle, where ``status`` shows a
few facts: the id, languages, embargo, distribution time, the number of
corrections, and counts against the release's strings.  A summary holds
those, in plain Python values; it is kept under what the record's own
reading is kept under (its path, text, limits and workspace, and the code
that validates it and lists its strings), and made again from the record,
with every check of ``load_record``, when any of these or a photo or
attachment it looked at changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from ..kept import file_state, kept
from ..workspace import Workspace


@dataclass(frozen=True)
class ReleaseSummary:
    """A release as ``status`` shows it."""

    source: Path  # the record, as the user named it
    workspace: Workspace
    id: str
    id_line: int | None
    source_language: str
    languages: tuple[str, ...]
    embargo: datetime | None
    distributed: datetime | None
    corrections: int
    strings: dict[tuple, str]  # the release's own strings, source text by key, in the order of the record
    strings_digest: str  # of ``strings``, to key what was counted against them
    files: dict[str, tuple | None]  # the state of each file validating the record looked at

    def line_of(self, field: str) -> int | None:
        """The line of a top-level field, as ``Release.line_of`` gives it (only ``id`` is kept)."""
        return self.id_line if field == 'id' else None


def release_summary(path) -> ReleaseSummary:
    """The summary of the record at ``path``: read back, or made from the record (InputError if it has a
    problem, as ``load_record`` raises)."""
    from ..record import limits

    path = Path(path)
    try:
        with open(path, 'rb') as file:
            text = file.read(limits.LIMITS.record_bytes + 1)
    except OSError:
        text = None  # load_record says what is wrong with it
    workspace = Workspace.of_record(path)
    if text is None:
        return _summarised(path)
    made_from = [str(path.resolve()), repr(limits.LIMITS), hashlib.sha256(text).hexdigest(), str(workspace.root)]
    summary = kept('summaries', made_from, _SUMMARISERS, lambda: _summarised(path), still_true=_files_unchanged)
    return replace(summary, source=path)  # as the user named it, for the messages


def _summarised(path: Path) -> ReleaseSummary:
    from ..messages import release_messages
    from ..record.load import load_record_and_files

    release, files = load_record_and_files(path)
    strings = {message.key: message.msgid for message in release_messages(release)}
    return ReleaseSummary(
        source=path, workspace=release.workspace, id=release.id, id_line=release.line_of('id'),
        source_language=release.source_language, languages=tuple(release.languages), embargo=release.embargo,
        distributed=getattr(release, 'distributed', None), corrections=len(getattr(release, 'corrections', ())),
        strings=strings, strings_digest=hashlib.sha256(repr(strings).encode('utf-8', 'surrogatepass')).hexdigest(),
        files=files)


def _files_unchanged(summary: ReleaseSummary) -> bool:
    return all(file_state(Path(file)) == state for file, state in summary.files.items())


#: The code that decides what a summary holds: reading and validating the record, and listing its strings.
_SUMMARISERS = (Path(__file__), Path(__file__).parent.parent / 'messages.py',
                *sorted((Path(__file__).parent.parent / 'record').glob('*.py')),
                *(Path(__file__).parent.parent / name for name in ('characters.py', 'problems.py', 'workspace.py')))
