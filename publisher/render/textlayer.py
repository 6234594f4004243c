"""The PDF's text layer: what is copied, searched and read aloud is the text that was written.

WeasyPrint 70 gives each glyph one meaning, the text of the first cluster it
was drawn in, and a cluster's text to its last glyph.  That fails wherever a
shaper draws a cluster with glyphs that do not stand one-to-one for its
characters, in their order: Thai ``ำ`` (one character) is drawn as two
glyphs, nikhahit and sara aa, so ``สำนักงาน`` is read back as ``สานักงาน``;
a Burmese pre-base vowel or medial (``ေ``, ``ြ``) is drawn before the
consonant it is typed after, so most Burmese words are read back out of
order.

The repair, in two parts that readers of both kinds need:

- Every glyph first gets the character the font draws it for
  (``nominal_characters``), so that a glyph shared by clusters means the
  same in each.
- A run of clusters read as one (a cluster and the marks drawn on it) that
  is drawn with more than one glyph is drawn inside a marked-content span
  with its text as ``/ActualText``: what screen readers and poppler read,
  which otherwise set a Thai tone mark on a line of its own.  When its glyphs
  do not spell its text, they are also written with codes of their own
  (``Aliases``): the first glyphs spell the text, character by character,
  the last takes the rest, so that a reader of the fonts' ToUnicode maps
  alone (pypdf, most search indexers) reads the text too.  Each such code is
  a CID drawn with its glyph through the font's CIDToGIDMap, so the page
  looks the same to the pixel.

Hooks into WeasyPrint's ``draw_first_line`` (WeasyPrint 70, pinned): the line's
glyphs are planned when it sets the line's text matrix, and its glyph strings
are rewritten as it shows them.  A WeasyPrint whose drawing no longer matches
the plan stops the render (``TextLayerError``) rather than write a wrong text
layer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from io import BytesIO

import pydyf

#: Codes in WeasyPrint's glyph strings: four hex digits a glyph, or a number that moves the pen.
_TOKEN = re.compile(r'<([0-9a-fA-F]*)>|(-?[0-9.]+(?:e-?[0-9]+)?)')
#: How many entries a CMap block may hold.
CMAP_BLOCK = 100


class TextLayerError(RuntimeError):
    """WeasyPrint drew a line otherwise than its layout said: the hook no longer fits the pinned version."""


@dataclass(slots=True)
class PlannedGlyph:
    """A glyph of a line, as it is to be written: its glyph id, the code that draws it, and
    the text of the cluster it opens (which then needs a span of its own) or whether it closes one."""

    glyph: int | None  # None: a glyph WeasyPrint replaces (a character no font has)
    code: int | None
    opens: str | None = None
    closes: bool = False

    @property
    def plain(self) -> bool:
        """Whether the glyph is written as WeasyPrint draws it: its own code, outside any span."""
        return self.glyph is not None and self.code == self.glyph and self.opens is None and not self.closes


@dataclass
class Aliases:
    """The codes a font was given beyond its glyph ids: (glyph id, text) → code, from ``first`` on."""

    first: int
    codes: dict[tuple[int, str], int] = field(default_factory=dict)

    def code(self, glyph: int, text: str) -> int:
        key = (glyph, text)
        if key not in self.codes:
            code = self.first + len(self.codes)
            if code > 0xFFFF:
                raise TextLayerError('too many glyphs of one font need codes of their own')
            self.codes[key] = code
        return self.codes[key]


def spell_clusters():
    """Make WeasyPrint write each line's glyphs so that its text reads back as written (see above)."""
    from weasyprint.draw import text

    draw = text.draw_first_line
    if getattr(draw, 'publisher', False):
        return

    def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
        line = _Line(stream, textbox)
        stream.set_text_matrix, stream.show_text = line.set_text_matrix, line.show_text
        try:
            result = draw(stream, textbox, text_overflow, block_ellipsis, matrix)
        finally:
            del stream.set_text_matrix, stream.show_text
        line.finish()
        return result

    draw_first_line.publisher, draw_first_line.original = True, draw
    text.draw_first_line = draw_first_line


class _Line:
    """The first line of a text box, planned when WeasyPrint positions it and written glyph by glyph."""

    def __init__(self, stream, textbox):
        self.stream, self.textbox = stream, textbox
        self.plan: list[PlannedGlyph] = []
        self.glyphs: list[int | None] = []  # the plan's glyph ids
        self.special: list[int] = []  # the indices of the plan's glyphs that are not written as they are drawn
        self.next = self.next_special = 0

    def set_text_matrix(self, *values):
        # WeasyPrint sets the matrix once its layout is final and before it draws a glyph.
        self.plan = _plan(self.stream, self.textbox)
        self.glyphs = [planned.glyph for planned in self.plan]
        self.special = [index for index, planned in enumerate(self.plan) if not planned.plain]
        type(self.stream).set_text_matrix(self.stream, *values)

    def show_text(self, string: str):
        tokens = _TOKEN.findall(string)
        if self._show_as_drawn(tokens):
            return
        pending = []
        for hex_code, number in tokens:
            if number:
                pending.append(number)
                continue
            for start in range(0, len(hex_code), 4):
                planned = self._glyph(int(hex_code[start:start + 4], 16))
                if planned.opens is not None:
                    self._show(pending)
                    self.stream.begin_marked_content(
                        'Span', pydyf.Dictionary({'ActualText': pydyf.String(planned.opens)}))
                pending.append(f'<{planned.code:04x}>')
                if planned.closes:
                    self._show(pending)
                    self.stream.end_marked_content()
        self._show(pending)

    def _show_as_drawn(self, tokens: list[tuple[str, str]]) -> bool:
        """Write a string whose glyphs are each planned to be written as drawn (most strings): what
        writing them one by one gives, in a fraction of the time.  False, having written nothing, when
        one is not, or is not the glyph planned."""
        codes = [hex_code[start:start + 4].lower() for hex_code, _ in tokens
                 for start in range(0, len(hex_code), 4)]
        end = self.next + len(codes)
        while self.next_special < len(self.special) and self.special[self.next_special] < self.next:
            self.next_special += 1
        special_before_end = self.next_special < len(self.special) and self.special[self.next_special] < end
        if (end > len(self.plan) or special_before_end or any(len(code) != 4 for code in codes)
                or [int(code, 16) for code in codes] != self.glyphs[self.next:end]):
            return False
        pending, glyphs = [], iter(codes)
        for hex_code, number in tokens:
            if number:
                pending.append(number)
            else:
                pending += [f'<{next(glyphs)}>' for _ in range(len(hex_code) // 4)]
        self._show(pending)
        self.next = end
        return True

    def _glyph(self, drawn: int) -> PlannedGlyph:
        if self.next >= len(self.plan):
            raise TextLayerError('WeasyPrint drew more glyphs than its line holds')
        planned = self.plan[self.next]
        self.next += 1
        if planned.glyph is None:
            return PlannedGlyph(drawn, drawn, planned.opens, planned.closes)
        if planned.glyph != drawn:
            raise TextLayerError(f'WeasyPrint drew glyph {drawn} where its line has glyph {planned.glyph}')
        return planned

    def _show(self, pending: list[str]):
        if pending:
            type(self.stream).show_text(self.stream, ' '.join(pending))
            pending.clear()

    def finish(self):
        if self.next != len(self.plan):
            raise TextLayerError('WeasyPrint drew fewer glyphs than its line holds')


def _plan(stream, textbox) -> list[PlannedGlyph]:
    """The glyphs of the text box's first line, in drawing order, each with the code to write it with."""
    plan = []
    for font, clusters in _units(_clusters(stream, textbox)):
        if isinstance(clusters, PlainRun):
            for glyph, text in zip(clusters.glyphs, clusters.texts):
                if font.to_unicode.setdefault(glyph, text) == text:  # as _give_meanings would find
                    plan.append(PlannedGlyph(glyph, glyph))
                else:
                    plan += _unit_plan(stream, font, [Cluster([glyph], text)])
        else:
            plan += _unit_plan(stream, font, clusters)
    return plan


def _unit_plan(stream, font, clusters: list[Cluster]) -> list[PlannedGlyph]:
    """The glyphs of a run of clusters read as one, each with the code to write it with."""
    glyphs = [glyph for cluster in clusters for glyph in cluster.glyphs]
    text = ''.join(cluster.text for cluster in clusters)
    if font.bitmap or None in glyphs:
        return [PlannedGlyph(glyph, glyph) for glyph in glyphs]
    for cluster in clusters:
        _give_meanings(font, cluster.glyphs, cluster.text)
    spelled = ''.join(font.to_unicode[glyph] for glyph in glyphs) == text
    if spelled and len(glyphs) == 1:
        return [PlannedGlyph(glyph, glyph) for glyph in glyphs]
    if spelled:
        codes = glyphs
    else:
        aliases = _aliases(stream, font)
        codes = [aliases.code(glyph, piece) for glyph, piece in zip(glyphs, _pieces(text, len(glyphs)))]
    planned = [PlannedGlyph(glyph, code) for glyph, code in zip(glyphs, codes)]
    planned[0].opens, planned[-1].closes = text, True
    return planned


@dataclass(slots=True)
class Cluster:
    """Glyphs the shaper drew for ``text`` together."""

    glyphs: list[int | None]
    text: str


@dataclass(slots=True)
class PlainRun:
    """Clusters of one glyph each, none a mark, in a font drawn in outlines: most of a Latin line,
    planned at once rather than a cluster at a time."""

    glyphs: list[int]
    texts: list[str]


def _units(clusters):
    """(font, clusters) of each run of clusters read as one: a cluster and the clusters of the marks
    drawn on it (Thai tone marks are clusters of their own); (font, PlainRun) as they come, each of its
    clusters a unit."""
    unit, font = [], None
    for cluster_font, cluster in clusters:
        if isinstance(cluster, PlainRun):  # its first cluster is no mark: the unit before is whole
            if unit:
                yield font, unit
            unit, font = [], cluster_font
            yield cluster_font, cluster
            continue
        if unit and (cluster_font is not font or not _is_mark(cluster.text)):
            yield font, unit
            unit = []
        unit.append(cluster)
        font = cluster_font
    if unit:
        yield font, unit


def _is_mark(text: str) -> bool:
    # No character before U+0300 is a mark: Latin text is answered without Unicode's tables.
    return bool(text) and text[0] >= '\u0300' and unicodedata.category(text[0]).startswith('M')


def _clusters(stream, textbox):
    """(font, Cluster) of each cluster of the first line, in drawing order."""
    from weasyprint.text.ffi import ffi, pango

    first_line, _ = textbox.pango_layout.get_first_line()
    utf8 = textbox.pango_layout.text.encode()
    run = first_line.runs[0] if first_line.runs != ffi.NULL else ffi.NULL
    empty, unknown = pango.PANGO_GLYPH_EMPTY, pango.PANGO_GLYPH_UNKNOWN_FLAG
    while run != ffi.NULL:
        item, run = run.data, run.next
        font, _ = stream.add_font(item.item.analysis.font)
        glyphs = item.glyphs
        count, offset = glyphs.num_glyphs, item.item.offset
        starts = ffi.unpack(glyphs.log_clusters, count)
        drawn = [info.glyph for info in ffi.unpack(glyphs.glyphs, count)]
        bounds = sorted(set(starts))
        ends = dict(zip(bounds, [*bounds[1:], item.item.length]))
        plain = _plain_run(font, drawn, starts, ends, utf8[offset:offset + item.item.length], empty)
        if plain is not None:
            # All but the last at once; the last as any cluster, since the next run may begin with its marks.
            if len(plain.glyphs) > 1:
                yield font, PlainRun(plain.glyphs[:-1], plain.texts[:-1])
            if plain.glyphs:
                yield font, Cluster([plain.glyphs[-1]], plain.texts[-1])
            continue
        cluster, current = None, None
        for glyph, start in zip(drawn, starts):
            if glyph == empty:
                continue
            if glyph & unknown:
                glyph = None
            if cluster is None or start != current:
                if cluster is not None:
                    yield font, cluster
                current = start
                cluster = Cluster([], utf8[offset + current:offset + ends[current]].decode())
            cluster.glyphs.append(glyph)
        if cluster is not None:
            yield font, cluster


def _plain_run(font, drawn: list[int], starts: list[int], ends: dict[int, int], text: bytes, empty: int):
    """The run's clusters as a PlainRun when each of its glyphs is a cluster of its own, in order, none of
    them a mark, a glyph Pango left out (empty) or one no font has; else None."""
    if font.bitmap or starts != sorted(set(starts)) or max(drawn, default=0) > empty:
        return None
    texts = [text[start:ends[start]].decode() for start in starts]
    if not text.isascii() and any(map(_is_mark, texts)):
        return None
    kept = [(glyph, piece) for glyph, piece in zip(drawn, texts) if glyph != empty]
    return PlainRun([glyph for glyph, _ in kept], [piece for _, piece in kept])


def _give_meanings(font, glyphs: list[int | None], text: str):
    """Give each glyph not met before the character the font draws it for, when ``text`` has it;
    else what WeasyPrint would give it: nothing, or the whole cluster for the cluster's last glyph."""
    nominal = nominal_characters(font) if len(glyphs) > 1 else {}
    for index, glyph in enumerate(glyphs):
        if glyph is None or glyph in font.to_unicode:
            continue
        characters = [char for char in nominal.get(glyph, ()) if char in text]
        if len(glyphs) == 1:
            font.to_unicode[glyph] = text
        elif characters:
            font.to_unicode[glyph] = characters[0]
        else:
            font.to_unicode[glyph] = text if index == len(glyphs) - 1 else ''


def nominal_characters(font) -> dict[int, tuple[str, ...]]:
    """Each glyph id of a WeasyPrint font, with the characters its character map draws with it."""
    found = getattr(font, 'publisher_nominal', None)
    if found is None:
        from fontTools.ttLib import TTFont

        found = {}
        with TTFont(BytesIO(font.file_content), fontNumber=font.index, lazy=True) as ttfont:
            for point, name in sorted(ttfont.getBestCmap().items()):
                found.setdefault(ttfont.getGlyphID(name), ())
                found[ttfont.getGlyphID(name)] += (chr(point),)
        font.publisher_nominal = found
    return found


def _pieces(text: str, count: int) -> list[str]:
    """``text`` spelled by ``count`` glyphs in order: a character each, the rest to the last,
    nothing to those beyond the text's length."""
    pieces = [text[index] if index < len(text) else '' for index in range(count - 1)]
    return pieces + [text[count - 1:]]


def _aliases(stream, font) -> Aliases:
    """The aliases of ``font``'s file in this document: shared by every size of it, which share
    its resource name (WeasyPrint's font ``hash``) and so its encoding."""
    from weasyprint.text.ffi import harfbuzz

    for other in stream._fonts.values():
        if other.hash == font.hash and hasattr(other, 'publisher_aliases'):
            font.publisher_aliases = other.publisher_aliases
            break
    else:
        font.publisher_aliases = Aliases(harfbuzz.hb_face_get_glyph_count(font.hb_face))
    return font.publisher_aliases


def write_aliases(document, pdf):
    """Give each font whose glyphs got codes of their own the ToUnicode entries, widths and glyphs
    of those codes; WeasyPrint has built its dictionaries.

    The codes are CIDs (the encoding stays Identity-H, which every reader knows), drawn with their
    glyph by the CIDToGIDMap that replaces Identity."""
    by_name = {font.name: font.publisher_aliases for font in document.fonts.values()
               if getattr(font, 'publisher_aliases', None)}
    for item in list(pdf.objects):
        if not (isinstance(item, pydyf.Dictionary) and item.get('Subtype') == '/Type0'
                and item.get('BaseFont') in by_name):
            continue
        aliases = by_name[item['BaseFont']]
        cid_font = _object(pdf, item['DescendantFonts'][0])
        if item.get('Encoding') != '/Identity-H' or cid_font.get('CIDToGIDMap') != '/Identity':
            raise TextLayerError(f'font {item["BaseFont"].decode()} is not mapped as WeasyPrint 70 maps fonts')
        _add_to_unicode(_object(pdf, item['ToUnicode']), aliases)
        _add_widths(cid_font['W'], aliases)
        glyphs = _cid_to_gid(aliases)
        pdf.add_object(glyphs)
        cid_font['CIDToGIDMap'] = glyphs.reference


def _add_to_unicode(to_unicode: pydyf.Stream, aliases: Aliases):
    lines = [f'<{code:04x}> <{text.encode("utf-16-be").hex()}>'.encode()
             for (_, text), code in aliases.codes.items()]
    entries = []
    for start in range(0, len(lines), CMAP_BLOCK):
        block = lines[start:start + CMAP_BLOCK]
        entries += [f'{len(block)} beginbfchar'.encode(), *block, b'endbfchar']
    end = to_unicode.stream.index(b'endcmap')
    to_unicode.stream[end:end] = entries


def _add_widths(widths: pydyf.Array, aliases: Aliases):
    """Give each alias code its glyph's width in the CID font's ``W`` array (first code, [widths…], …)."""
    known = {}
    for index in range(0, len(widths), 2):
        for offset, width in enumerate(widths[index + 1]):
            known[widths[index] + offset] = width
    for (glyph, _), code in aliases.codes.items():
        widths.extend([code, pydyf.Array([known.get(glyph, 0)])])


def _cid_to_gid(aliases: Aliases) -> pydyf.Stream:
    """Each CID's glyph, two bytes a CID: the glyph ids themselves, then each alias code's glyph."""
    glyphs = list(range(aliases.first)) + [glyph for (glyph, _), _ in sorted(aliases.codes.items(),
                                                                             key=lambda item: item[1])]
    return pydyf.Stream([b''.join(glyph.to_bytes(2, 'big') for glyph in glyphs)], compress=True)


def _object(pdf, reference: bytes):
    return pdf.objects[int(reference.split()[0])]
