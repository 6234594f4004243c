"""The glossary: official terms, and how each language writes them.

A workspace keeps it in ``glossary.yaml``, one entry per term::

    - en: Ministry of the Interior and Safety
      ko: 행정안전부
    - en: ASEAN
      ko: 아세안

Machine drafts write these terms as the glossary says (they are kept out of
the text sent to the provider), and ``check`` and ``status`` report a
reviewed translation that writes one some other way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .pofile import Entry
from .problems import InputError, Problem
from .workspace import GLOSSARY



@dataclass(frozen=True)
class Glossary:
    terms: tuple[dict, ...] = ()

    def pairs(self, source: str, target: str) -> list[tuple[str, str]]:
        """(source term, target term) pairs, longest first so "MOIS" never splits a longer term."""
        found = [(term[source], term[target]) for term in self.terms if source in term and target in term]
        return sorted(found, key=lambda pair: -len(pair[0]))

    def check(self, entry: Entry, source: str, target: str, path: Path) -> list[Problem]:
        """Terms of ``entry``'s source that its reviewed translation writes some other way."""
        problems = []
        if not entry.translated:
            return problems
        remaining = entry.msgid
        for term, official in self.pairs(source, target):
            if term in remaining:
                remaining = remaining.replace(term, '')
                if official not in entry.msgstr:
                    problems.append(Problem(path, entry.msgstr_line, 'glossary',
                                            f'"{term}" should be written "{official}"'))
        return problems


def load_glossary(root: Path) -> Glossary:
    """The glossary of the workspace at ``root``; none is an empty glossary."""
    path = Path(root) / GLOSSARY
    if not path.is_file():
        return Glossary()
    try:
        # libyaml's loader where PyYAML has it: several times faster than PyYAML's own.
        data = yaml.load(path.read_text(encoding='utf-8'), Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        raise InputError([Problem(path, mark.line + 1 if mark else None, '', f'YAML syntax: {error.problem}')]) from None
    if not isinstance(data, list) or not all(
            isinstance(term, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in term.items())
            for term in data):
        raise InputError([Problem(path, 1, '', 'a glossary is a list of terms, each {language: term, ...}')])
    return Glossary(tuple(data))
