"""The workspace's house style: how its releases write what CLDR leaves open.

A workspace may keep a ``style.yaml`` at its top (beside ``glossary.yaml``);
every key is optional, and without the file the defaults below apply::

    # style.yaml
    money: words        # words: 12억 원, KRW 1.2 billion; short: USD 5.5M; symbol: US$5.5M (CLDR)
    percent: symbol     # symbol: 87% (CLDR); words: ร้อยละ 87 where the press writes it so (formats.PERCENT_WORDS)
    clock: cldr         # cldr: 14:00 น.; press: 14.00–17.30 น. where the press has its own (formats.PRESS_CLOCKS)
    corrected_title: plain   # marked: a corrected release's title says so where the press marks it ([정정] …)
    acronyms:           # acronyms read as words, and how each language says them
      KOICA: {ko: 코이카}
      RCEP: {ko: 알셉, en: arsep}

An unknown key or value is reported with its line, as a record's are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .problems import InputError, Problem

STYLE = 'style.yaml'

#: Each key of the style file, its values, and the default first.
CHOICES = {
    'money': ('words', 'short', 'symbol'),
    'percent': ('symbol', 'words'),
    'clock': ('cldr', 'press'),
    'corrected_title': ('plain', 'marked'),
}


#: The keys whose value is a table of its own, and what each reads it with.
TABLES = ('acronyms',)


@dataclass(frozen=True)
class Style:
    money: str = CHOICES['money'][0]
    percent: str = CHOICES['percent'][0]
    clock: str = CHOICES['clock'][0]
    corrected_title: str = CHOICES['corrected_title'][0]
    #: Acronyms read as words (APEC, 에이펙): their reading in each language, as particles.ACRONYMS.
    acronyms: dict = field(default_factory=dict)


def load_style(root: Path) -> Style:
    """The style of the workspace at ``root``: its ``style.yaml``, or the defaults."""
    path = Path(root) / STYLE
    if not path.is_file():
        return Style()
    stat = path.stat()
    return _load(path, stat.st_ino, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=16)
def _load(path: Path, *version) -> Style:
    try:
        node = yaml.compose(path.read_text(encoding='utf-8'), Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        raise InputError([Problem(path, mark.line + 1 if mark else None, '', f'YAML syntax: {error.problem}')]) from None
    except UnicodeDecodeError as error:
        raise InputError([Problem(path, None, '', f'not UTF-8 text ({error.reason})')]) from None
    if node is None:
        return Style()
    if not isinstance(node, yaml.MappingNode):
        raise InputError([Problem(path, node.start_mark.line + 1, '', 'a style is a mapping, such as "money: words"')])
    chosen, problems = {}, []
    for key, value in node.value:
        line = key.start_mark.line + 1
        if key.value == 'acronyms':
            chosen['acronyms'], found = _acronyms(path, value)
            problems += found
        elif key.value not in CHOICES:
            problems.append(Problem(path, line, key.value, f"unknown key; the keys are {', '.join([*CHOICES, *TABLES])}"))
        elif not isinstance(value, yaml.ScalarNode) or value.value not in CHOICES[key.value]:
            problems.append(Problem(path, line, key.value, f"'{getattr(value, 'value', '')}' is not one of "
                                                           f"{', '.join(CHOICES[key.value])}"))
        else:
            chosen[key.value] = value.value
    if problems:
        raise InputError(problems)
    return Style(**chosen)


def _acronyms(path, node) -> tuple[dict, list[Problem]]:
    """``acronyms:``, each an acronym in capitals with its reading in one language or more:
    ``APEC: {ko: 에이펙}``."""
    example = 'such as "APEC: {ko: 에이펙}"'
    if not isinstance(node, yaml.MappingNode):
        return {}, [Problem(path, node.start_mark.line + 1, 'acronyms', f'a mapping of acronyms to their readings, {example}')]
    acronyms, problems = {}, []
    for key, value in node.value:
        where = f'acronyms.{key.value}'
        line = key.start_mark.line + 1
        readings = value.value if isinstance(value, yaml.MappingNode) else None
        if not (isinstance(key, yaml.ScalarNode) and key.value.isascii() and key.value.isalnum() and key.value.isupper()):
            problems.append(Problem(path, line, where, 'an acronym is written in capital letters, such as APEC'))
        elif not readings or not all(isinstance(language, yaml.ScalarNode) and isinstance(reading, yaml.ScalarNode)
                                     and reading.value.strip() for language, reading in readings):
            problems.append(Problem(path, line, where, f'give its reading in each language that says it as a word, {example}'))
        else:
            acronyms[key.value] = {language.value: reading.value for language, reading in readings}
    return acronyms, problems
