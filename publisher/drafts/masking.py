"""What a provider is sent: a string with what must not be translated masked, cut to the provider's size.

Masked parts become ``{0}``, ``{1}``… and are put back after translation:

- placeholders (``{yoon}``, ``{{``, a template's ``%(page)s``), kept as written;
- URLs, kept as written.  A URL is made of the characters RFC 3986 allows;
  it ends before anything else (a space, Hangul), and before punctuation
  that ends the sentence around it or a closing bracket it did not open:
  in ``누리집(https://www.mois.go.kr)에서`` the URL is ``https://www.mois.go.kr``;
- numbers standing alone, kept as written;
- the glossary's terms, written as the glossary gives them in the target
  language.  A term matches at the start of a word, followed by nothing or,
  in a language that writes them on the word, by particles
  (``아세안과``: the term, then ``과``, which is sent);
- the marks of a title (``<2019 한-아세안 특별정상회의>``, ``「…」``): the
  title between them is sent, to be translated, and its marks come back
  around it, in order.

Everything else is text.  A record's prose holds no markup: every ``<`` is
escaped when rendered, so a ``<`` is a title's mark, or a comparison
(``< 1%``) sent as written.

A string longer than a provider takes is cut at sentence ends (``.``, ``다.``,
``?``, ``。`` and a space or line after them), or failing that at clause ends
(``,``, ``;``), into pieces sent separately and joined as they were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .glossary import term_pattern

try:  # the particle rules of the language layer, where the package has them (see _fit_particles)
    from ..particles import agree
except ImportError:
    agree = None

#: Placeholders, per catalog style (see publisher/catalogs).
_PLACEHOLDERS = {
    'python-brace-format': re.compile(r'\{\{|\}\}|\{[\w.]+\}'),
    'python-format': re.compile(r'%\(\w+\)[sd]|%%'),
}
#: RFC 3986's characters: unreserved, reserved and percent-encoding.
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_URL_TRAILING = ".,;:!?'*"
_NUMBER = re.compile(r'(?<![\w.])\d+(?:[.,]\d+)*(?!\w|[.,]\d)')
#: Titles: their opening and closing marks.  ``<`` opens a title only when a
#: ``>`` closes it on the same line with no space inside either mark.
_TITLES = re.compile(r'<(?=[^\s<>=])[^<>\n]{0,200}?[^\s<>=]>|<[^\s<>=]>|「[^「」\n]+」|『[^『』\n]+』|《[^《》\n]+》|〈[^〈〉\n]+〉')
_MASK = re.compile(r'\{(\d+)\}')

FIXED, TERM, OPEN, CLOSE = 'fixed', 'term', 'open', 'close'


class MaskError(ValueError):
    """The provider's answer lost, repeated or reordered a masked part."""


@dataclass
class Masked:
    """A string as sent: ``text`` with ``{i}`` where ``restore_with[i]`` goes back."""

    text: str
    restore_with: list[str]
    kinds: list[str]

    def restore(self, translated: str, language: str = '') -> str:
        """``translated`` with every mask put back; MaskError if one is missing, repeated or out of order."""
        found = [int(index) for index in _MASK.findall(translated)]
        expected = list(range(len(self.restore_with)))
        if sorted(found) != expected:
            missing = sorted(set(expected) - set(found))
            raise MaskError('the provider lost ' + ', '.join(self.restore_with[i] for i in missing)
                            if missing else 'the provider repeated a protected part')
        position = {index: order for order, index in enumerate(found)}
        for opening, closing in self._title_marks():
            if position[opening] > position[closing]:
                raise MaskError(f'the provider moved the marks of a title ({self.restore_with[opening]}'
                                f'{self.restore_with[closing]})')
        pieces = _MASK.split(translated)
        literals, values = pieces[0::2], [int(index) for index in pieces[1::2]]
        literals = _fit_particles(literals, [self.restore_with[i] for i in values],
                                  [self.kinds[i] == TERM for i in values], language)
        return literals[0] + ''.join(self.restore_with[i] + literal for i, literal in zip(values, literals[1:]))

    def titles(self) -> list[tuple[int, int]]:
        """Where each title is in ``text``, marks included: a piece of text never cut (see ``cut``)."""
        spans = {int(match[1]): match.span() for match in _MASK.finditer(self.text)}
        return [(spans[opening][0], spans[closing][1]) for opening, closing in self._title_marks()]

    def _title_marks(self):
        """(opening, closing) mask numbers of each title; titles do not nest (see _TITLES)."""
        openings = [index for index, kind in enumerate(self.kinds) if kind == OPEN]
        closings = [index for index, kind in enumerate(self.kinds) if kind == CLOSE]
        return list(zip(openings, closings))

    @property
    def has_words(self) -> bool:
        """Whether anything is left to translate: not so for a glossary term, a name or a number alone."""
        return bool(re.search(r'[^\W\d_]', _MASK.sub('', self.text)))


def mask(text: str, terms: list[tuple[str, str]] = (), *, source: str = '',
         style: str = 'python-brace-format') -> Masked:
    """``text`` with every protected part replaced by ``{0}``, ``{1}``…, in reading order.

    ``terms`` are the glossary's (source term, target term) pairs, longest
    first; ``source`` is the language of ``text``, whose words say what may
    follow a term.
    """
    taken: list[tuple[int, int, str, str]] = []  # start, end, kind, what goes back

    def take(start, end, kind, value):
        if not any(start < other_end and other_start < end for other_start, other_end, *_ in taken):
            taken.append((start, end, kind, value))

    for match in _PLACEHOLDERS[style].finditer(text):
        take(match.start(), match.end(), FIXED, match[0])
    for match in _URL.finditer(text):
        url = _url_end(match[0])
        take(match.start(), match.start() + len(url), FIXED, url)
    for match in _TITLES.finditer(text):
        if any(start < match.end() and match.start() < end for start, end, *_ in taken):
            continue  # a mark inside a URL or a placeholder is no title's
        take(match.start(), match.start() + 1, OPEN, match[0][0])
        take(match.end() - 1, match.end(), CLOSE, match[0][-1])
    for match in _NUMBER.finditer(text):
        take(match.start(), match.end(), FIXED, match[0])
    for term, official in terms:
        for match in term_pattern(term, source).finditer(text):
            take(match.start(), match.end(), TERM, official)

    parts, restore_with, kinds, position = [], [], [], 0
    for start, end, kind, value in sorted(taken):
        parts += [text[position:start], '{' + str(len(restore_with)) + '}']
        restore_with.append(value)
        kinds.append(kind)
        position = end
    parts.append(text[position:])
    return Masked(''.join(parts), restore_with, kinds)


def _url_end(url: str) -> str:
    """``url`` without the punctuation after it: a sentence's end, a bracket it did not open."""
    while url:
        last = url[-1]
        if last in _URL_TRAILING:
            url = url[:-1]
        elif last in ')]' and url.count(last) > url.count('(' if last == ')' else '['):
            url = url[:-1]
        else:
            break
    return url


def _fit_particles(literals, values, is_term, language):
    """The particle after each glossary term fitted to the term, by the language layer's particle rules.

    The provider saw a mask, not the term, so a Korean particle after it
    may be the wrong form (``태국는``).  The rules live with the language's
    other forms (``publisher/particles.py``); without them the text is kept.
    """
    if agree is None:
        return literals
    terms = [index for index, term in enumerate(is_term) if term]
    if not terms:
        return literals
    fitted, _ = agree(literals, values, language)
    # Only what follows a glossary term: placeholders are fitted when rendered.
    return [fitted[i] if i - 1 in terms else literal for i, literal in enumerate(literals)]


# -- cutting a string to a provider's size ------------------------------------------------

#: Where a sentence ends: its final mark (and closing quotes or brackets), then a space or a line.
_SENTENCE_END = re.compile(r'(?<=[.!?。！？…])["\'”’」』)\]]*\s+|\n+')
_CLAUSE_END = re.compile(r'(?<=[,;，、；])\s+')


def cut(text: str, fits, keep=()) -> list[str] | None:
    """``text`` in pieces that each ``fits``, joined back by ``''.join``; None if a clause alone is too long.

    Pieces are whole sentences, as many together as fit; a sentence too
    long alone is cut at its clauses.  Nothing is cut inside the spans of
    ``keep`` (titles: see ``Masked.titles``).
    """
    if fits(text):
        return [text]
    pieces, offset = [], 0
    for sentence in _split(text, _SENTENCE_END, keep):
        start, offset = offset, offset + len(sentence)
        if fits(sentence):
            pieces.append(sentence)
            continue
        clauses = _split(sentence, _CLAUSE_END, [(a - start, b - start) for a, b in keep])
        if not all(fits(clause) for clause in clauses):
            return None
        pieces += clauses
    return _pack(pieces, fits)


def _split(text, boundary, keep):
    """``text`` cut after each ``boundary`` outside the spans of ``keep``, the boundary kept with the piece before it."""
    pieces, start = [], 0
    for match in boundary.finditer(text):
        if any(begin < match.start() < end for begin, end in keep):
            continue
        pieces.append(text[start:match.end()])
        start = match.end()
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def _pack(pieces, fits):
    packed = []
    for piece in pieces:
        if packed and fits(packed[-1] + piece):
            packed[-1] += piece
        else:
            packed.append(piece)
    return packed
