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

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..catalogs.pofile import Entry
from ..problems import InputError, Problem
from ..workspace import GLOSSARY

#: What may follow a term in the same word, per language.  Korean writes its
#: particles (and the copula) on the noun, one after another (``아세안과의``),
#: so a term is found at the start of a word followed by any of them; in a
#: language without a row, the term must end the word.
WORD_ENDINGS = {
    'ko': ('이', '가', '은', '는', '을', '를', '의', '에', '에서', '에게', '께', '께서', '한테', '와', '과',
           '랑', '이랑', '하고', '도', '만', '로', '으로', '로서', '으로서', '로써', '으로써', '부터', '까지',
           '보다', '처럼', '같이', '마다', '조차', '마저', '밖에', '뿐', '이나', '나', '이며', '며', '이라',
           '라', '이란', '란', '이다', '다', '이고', '고', '인', '이자', '이었', '였', '입니다', '요', '서'),
}


@lru_cache(maxsize=None)
def term_pattern(term: str, language: str) -> re.Pattern:
    """Where ``term`` is written in text of ``language``: at the start of a word, followed by what the
    language may write on it (``아세안``, ``아세안과``, ``아세안에서는``), not inside another word."""
    endings = sorted(WORD_ENDINGS.get(language, ()), key=len, reverse=True)
    then = f'(?=(?:{"|".join(map(re.escape, endings))})*(?!\\w))' if endings else r'(?!\w)'
    return re.compile(rf'(?<![\w{{]){re.escape(term)}{then}')


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
