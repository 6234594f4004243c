"""What ``check`` tells writers and translators about the particles and articles of their prose.

Rendering fits a Korean particle after a placeholder, or an English article
before one, to the value it becomes (particles.py).  ``check`` says where a
form was written that the value does not take, so that people learn, and
refuses two forms that are no pair (``은(가)``).  Only the values next to a
particle or an article are written: the others would cost Babel's locale data
for nothing, and ``check`` is meant to stay quick.
"""

from __future__ import annotations

import string
from itertools import accumulate

from . import particles
from .catalogs import read_catalog
from .messages import release_messages
from .problems import Problem
from .record import Release, field_path
from .style import load_style


def corrections(release: Release, language: str) -> tuple[list[Problem], list[Problem]]:
    """Particles and articles written in a form their placeholder's value does not take,
    each where it is written: the record's prose in its source language, or a
    reviewed translation.  They are corrected when rendering; these notes teach.
    And, as problems, particles written as two forms that are no pair (``은(가)``)."""
    if language == release.source_language:
        texts = [(m.msgid, release.source, release.line_of(*m.field), field_path(m.field), None)
                 for m in release_messages(release)]
    else:
        catalog = read_catalog(release.workspace.catalog(language, release.id))
        texts = [(entry.msgstr, catalog.path, entry.msgstr_line, 'msgstr', entry)
                 for m in release_messages(release) if (entry := catalog.get(m.key)) is not None]
    notes, problems, lines = [], [], {}
    acronyms = load_style(release.workspace.root).acronyms
    for text, path, line, where, entry in {text[:4]: text for text in texts}.values():
        parsed = list(string.Formatter().parse(text))
        literals = [literal for literal, _, _, _ in parsed]
        fields = [field for _, field, _, _ in parsed if field is not None]
        values = _values_next_to_forms(release, literals, fields, language)
        written, ends = _written_text(literals, fields), _placeholder_ends(literals, fields)
        for fix in particles.agree(literals, values, language, acronyms)[1]:
            if fix.left_open:
                continue
            shown, right, end = _around(written, ends, fields, fix)
            notes.append(Problem(path, _line_holding(lines, path, entry or line, written, end), where,
                                 f'{shown} → {right} ({fix.reason})'))
        for index, form in particles.unknown_forms(literals, fields, language):
            end = ends[index] + len(form)
            problems.append(Problem(path, _line_holding(lines, path, entry or line, written, end), where,
                                    f'{{{fields[index]}}}{form}: {form} is no particle pair; write one form, '
                                    'such as 은, 는 or 은(는)'))
    return notes, problems


def _values_next_to_forms(release, literals, fields, language):
    """The value of each placeholder a particle or an article is next to; '' for the others."""
    needed = particles.values_needed(literals, len(fields), language)
    if not any(needed):
        return [''] * len(fields)
    from .facts import agreeing, write_fact  # Babel's formats, imported only when a value is to be written

    facts, style = release.facts(), load_style(release.workspace.root)
    written = [facts[field.partition('.')[0]] for field in fields]
    values = [write_fact(fact, field.partition('.')[2], language, style) if need else ''
              for fact, field, need in zip(written, fields, needed)]
    return agreeing(literals, values, written)


def _written_text(literals, fields):
    """The text as written, its placeholders in braces."""
    return ''.join(literal + (f'{{{field}}}' if index < len(fields) else '')
                   for index, (literal, field) in enumerate(zip(literals, [*fields, ''])))


def _placeholder_ends(literals, fields):
    """Where each placeholder ends in the text as written."""
    return list(accumulate(len(literal) + len(field) + 2 for literal, field in zip(literals, fields)))


def _around(written, ends, fields, fix):
    """How a correction reads, in the words around it in the text ``written``: ``{mois}은 → {mois}는``,
    ``{mois}(장관 {jin})은 → {mois}(장관 {jin})는``, ``a {opdc} → an {opdc}``;
    and where the text shown ends in the text as written."""
    if fix.after:
        start = ends[fix.index] + fix.at
        heard = particles.unaside(written[:start])
        word = max(heard.rfind(' '), heard.rfind('\n')) + 1
        return written[word:start] + fix.written, written[word:start] + fix.right, start + len(fix.written)
    placeholder = f'{{{fields[fix.index]}}}'
    return f'{fix.written} {placeholder}', f'{fix.right} {placeholder}', ends[fix.index]


def _line_holding(lines, path, start, text, end):
    """The line of ``path`` that holds the word of ``text`` ending at ``end``.  ``start`` is
    the line a record's prose starts on (it spans the lines from there), or the catalog
    entry a translation is in (its msgstr's lines, wrapped even inside a Korean word).
    ``lines`` keeps each file's lines once read."""
    if start is None or not isinstance(start, int):
        return start and start.msgstr_line_at(end - 1)
    word = text[:end].rsplit(None, 1)[-1]
    occurrence = text[:end].count(word)
    if path not in lines:
        lines[path] = path.read_text(encoding='utf-8').splitlines()
    for number in range(start, len(lines[path]) + 1):
        occurrence -= lines[path][number - 1].count(word)
        if occurrence <= 0:
            return number
    return start
