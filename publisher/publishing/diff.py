"""What changed in a release since it was last published: per language, word by word.

The text as published is the one its output folder kept (see history.py);
the text now is the release localised again from its record and catalogs.
Both are what a reader reads (titles, prose, captions, facts), never YAML,
so a change of a name in the facts shows in every sentence that names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from markupsafe import Markup, escape

#: A word with the spaces after it, or a mark standing alone: what a change is counted in.
_WORD = re.compile(r'\w+\s*|[^\w\s]\s*|\s+')


@dataclass(frozen=True)
class Change:
    """A line of the release (its label: ``title``, ``body[2]``) whose text changed."""

    label: str
    words: tuple[tuple[str, str], ...]  # ('=', text), ('-', text removed), ('+', text added)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """``old`` into ``new``, as runs of words kept (=), removed (-) and added (+)."""
    before, after = words(old), words(new)
    runs = []
    for operation, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if operation == 'equal':
            runs.append(('=', ''.join(before[i1:i2])))
            continue
        if i2 > i1:
            runs.append(('-', ''.join(before[i1:i2])))
        if j2 > j1:
            runs.append(('+', ''.join(after[j1:j2])))
    return tuple(runs)


def changes(published: list[list[str]], now: list[list[str]]) -> list[Change]:
    """The lines that differ between the text as ``published`` and ``now`` (each a list of [label, text]),
    in the order of the text now, then the lines removed."""
    before, after = dict(map(tuple, published)), dict(map(tuple, now))
    found = [Change(label, word_diff(before.get(label, ''), text)) for label, text in after.items()
             if before.get(label) != text]
    found += [Change(label, (('-', text),)) for label, text in before.items() if label not in after]
    return found


def unannounced(history, texts: dict[str, list[list[str]]], version: int) -> dict[str, list[str]]:
    """The lines, by language, whose published text a render publishing ``version`` with ``texts`` changes
    without a new correction: a change readers would not be told of (see history.py: History)."""
    if not history.version or version > history.version:
        return {}
    found = {language: [change.label for change in changes(history.text[language], lines)]
             for language, lines in texts.items() if language in history.text}
    return {language: labels for language, labels in found.items() if labels}


def as_terminal(changes_by_language: dict[str, list[Change]], style) -> list[str]:
    """The lines to print: per language, each changed line with its words removed and added, styled by
    ``style(text, operation)`` (colours on a terminal)."""
    lines = []
    for language, found in changes_by_language.items():
        lines.append(f'[{language}] ' + (f'{len(found)} changed' if found else 'no change'))
        for change in found:
            lines.append(f'  {change.label}: ' + ''.join(style(text, operation) for operation, text in change.words))
    return lines


def as_html(release_id: str, changes_by_language: dict[str, list[Change]], published: str | None) -> str:
    """A page showing the changes, removed words struck out and added ones marked, each language in its own."""
    sections = []
    for language, found in changes_by_language.items():
        rows = Markup('').join(
            Markup('<tr><th scope="row">{}</th><td lang="{}">{}</td></tr>\n').format(
                change.label, language, Markup('').join(_html_run(operation, text) for operation, text in change.words))
            for change in found) or Markup('<tr><td colspan="2">No change.</td></tr>\n')
        sections.append(Markup('<section>\n<h2>{}</h2>\n<table>\n{}</table>\n</section>\n').format(language, rows))
    since = f' since it was published ({published})' if published else ''
    return str(Markup(_PAGE).format(title=f'{release_id}: what changed{since}', sections=Markup('').join(sections)))


def _html_run(operation: str, text: str) -> Markup:
    tag = {'-': 'del', '+': 'ins'}.get(operation)
    return Markup('<{0}>{1}</{0}>').format(tag, text) if tag else escape(text)


_PAGE = '''<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>{title}</title>
<style>
body {{ font-family: "Noto Sans", "Nanum Gothic", sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-top: 1px solid #ccc; padding: .4rem; text-align: left; vertical-align: top; }}
th {{ white-space: nowrap; font-weight: normal; color: #555; }}
del {{ background: #fde2e2; color: #8a1c1c; }}
ins {{ background: #dff5e1; color: #1c5e2a; text-decoration: none; }}
</style>
</head>
<body>
<h1>{title}</h1>
{sections}</body>
</html>
'''
