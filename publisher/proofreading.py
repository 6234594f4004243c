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
        texts = [(m.msgid, release.source, release.line_of(*m.field), field_path(m.field))
                 for m in release_messages(release)]
    else:
        catalog = read_catalog(release.workspace.catalog(language, release.id))
        texts = [(entry.msgstr, catalog.path, entry.msgstr_line, 'msgstr')
                 for m in release_messages(release) if (entry := catalog.get(m.key)) is not None]
    notes, problems = [], []
    for text, path, line, where in dict.fromkeys(texts):
        parsed = list(string.Formatter().parse(text))
        literals = [literal for literal, _, _, _ in parsed]
        fields = [field for _, field, _, _ in parsed if field is not None]
        values = _values_next_to_forms(release, literals, fields, language)
        for fix in particles.agree(literals, values, language)[1]:
            placeholder = fields[fix.index]
            if fix.left_open:
                continue
            written, right = _around(placeholder, fix)
            notes.append(Problem(path, _line_holding(path, line, written, path == release.source), where,
                                 f'{written} → {right} ({fix.reason})'))
        for index, form in particles.unknown_forms(literals, fields, language):
            written = f'{{{fields[index]}}}{form}'
            problems.append(Problem(path, _line_holding(path, line, written, path == release.source), where,
                                    f'{written}: {form} is no particle pair; write one form, such as 은, 는 or 은(는)'))
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


def _around(placeholder, fix):
    """How a correction reads: ``{mois}은 → {mois}는``, ``a {opdc} → an {opdc}``."""
    if fix.after:
        return f'{{{placeholder}}}{fix.written}', f'{{{placeholder}}}{fix.right}'
    return f'{fix.written} {{{placeholder}}}', f'{fix.right} {{{placeholder}}}'


def _line_holding(path, line, fragment, is_record):
    """The line from ``line`` on that holds ``fragment``: prose in a record spans several lines."""
    if not is_record or line is None:
        return line
    lines = path.read_text(encoding='utf-8').splitlines()
    for number in range(line, len(lines) + 1):
        if fragment in lines[number - 1]:
            return number
    return line
