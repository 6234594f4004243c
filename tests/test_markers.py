"""Each language's marks of the body's structure, as data: one row per language."""

from __future__ import annotations

import pytest

from publisher.markers import DEFAULT, MARKS, Numbering, counter_styles, marks


@pytest.mark.parametrize('numbering, labels', [
    (Numbering('decimal'), ['1.', '2.', '10.']),
    (Numbering('decimal', '{})'), ['1)', '2)', '10)']),
    (Numbering('decimal', '({})'), ['(1)', '(2)', '(10)']),
    (Numbering('lower-alpha'), ['a.', 'b.', 'j.']),
    (Numbering('lower-roman'), ['i.', 'ii.', 'x.']),
])
def test_a_numbering_labels_items_as_its_counter_style_writes_them(numbering, labels):
    assert [numbering.label(number) for number in (1, 2, 10)] == labels


def test_alphabetic_numbering_goes_on_past_z():
    assert [Numbering('lower-alpha').label(number) for number in (26, 27, 28)] == ['z.', 'aa.', 'ab.']


@pytest.mark.parametrize('language, bullets, remark, footnote', [
    ('ko', ['□', '○', '-', '·', '·'], '※', '주1)'),
    ('ko_KR', ['□', '○', '-', '·', '·'], '※', '주1)'),
    ('en', ['•', '–', '◦', '▪', '▪'], 'Note:', '1'),
    ('th', ['•', '–', '◦', '▪', '▪'], '※', '1'),
])
def test_each_language_marks_its_levels_remarks_and_footnotes(language, bullets, remark, footnote):
    row = marks(language)
    assert [row.bullet(level) for level in range(1, 6)] == bullets
    assert (row.remark, row.footnote_mark(1)) == (remark, footnote)


def test_a_language_without_a_row_is_marked_as_the_default():
    assert marks('my') is DEFAULT and marks('ko') is MARKS['ko']


def test_each_numbering_has_a_counter_style_of_its_own_prefixed_for_the_host_page():
    names = counter_styles()
    assert set(names) == {n for row in (DEFAULT, *MARKS.values()) for n in row.numbering}
    assert len(set(names.values())) == len(names) and all(name.startswith('publisher-') for name in names.values())
