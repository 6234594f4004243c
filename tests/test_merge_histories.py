"""Editing histories: whatever a press officer does to a record, a translation stays on its string.

Each history starts from a fully reviewed catalog and applies random edits to
the record (insert, delete, move, edit a word, rewrite, split, merge, rename a
fact, change the title; in the body's list, insert, delete and edit an item,
nest it under the item above or take it out to its parent's level; in its
table, insert, move and edit a row, split a cell spanning the row in two),
running ``update`` after each step, with a translator reviewing now and then.
Every translation is unique, and a ledger remembers the source text each was
made for, so after every step we can check:

1. no translation is lost: it is active, or obsolete (``#~``);
2. a translation that is not fuzzy stands on exactly the text it was made for, and on no other string;
3. a fuzzy translation's ``#|`` is the text it was made for (a fuzzy suggestion may stand on two strings);
4. GNU ``msgfmt -c --check-format`` accepts the catalog;
5. a second ``update`` changes no byte;
6. when a string is edited while an unrelated one is inserted or deleted beside
   it, the translation follows the edited string;
7. a paragraph copied and then edited, while the original stays, is offered a
   translation to review, fuzzy.
"""

from __future__ import annotations

import collections
import subprocess

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from publisher.catalogs.extract import catalog_files
from publisher.catalogs.merge import EDITED, likeness, update_catalogs
from publisher.catalogs.pofile import read_po
from publisher.record import load_record, placeholders

WORDS = ('ministry delegation visited capital cooperation forum local autonomy disaster management '
         'personnel reform intelligent transport bilateral meeting invitation roundtable innovation '
         'public service capacity building partnership agreement training programme officials '
         'exchange digital government security budget workshop experience policy dialogue region '
         'province city council citizens committee summit leaders signed memorandum project plan').split()
PEOPLE = ('kim', 'lee', 'park')

#: A sentence names people by who they are (``@kim``); the history writes each as the placeholder
#: the record declares for them today, which a rename changes.
sentence = st.lists(st.sampled_from(WORDS + [f'@{p}' for p in PEOPLE]), min_size=6, max_size=18).map(
    lambda words: ' '.join(words).capitalize() + '.')


class History:
    """A workspace with one record, its Korean catalog, and the ledger of its translations."""

    def __init__(self, folder, title, lead, body, points=(), rows=()):
        self.folder = folder
        (folder / 'locales').mkdir()
        self.record = folder / 'release.yaml'
        self.people = {name: name for name in PEOPLE}  # who -> the key the record declares
        self.title, self.lead, self.body = self.written(title), self.written(lead), [self.written(p) for p in body]
        #: The body's list: items as {'text': ..., 'items': [...]}, nested at most three deep.
        self.points = [{'text': self.written(point), 'items': []} for point in points]
        #: The body's table, two columns wide: a row is two cells, or one cell spanning both.
        self.rows = [[self.written(cell) for cell in row] for row in rows]
        self.made_for = {}  # translation -> the source text it was made for
        self.counter = 0
        self.step()
        self.review()

    # -- the record -----------------------------------------------------------------------

    def write_record(self):
        people = {key: {'name': {'en': key.title(), 'ko': key}} for key in self.people.values()}
        body = list(self.body)
        if self.points:
            body.append({'items': _written_items(self.points)})
        if self.rows:
            body.append({'header': 'none', 'rows': [row if len(row) == 2 else [{'cell': row[0], 'across': 2}]
                                                    for row in self.rows]})
        self.record.write_text(yaml.dump({
            'id': 'history', 'source_language': 'en', 'languages': ['en', 'ko'], 'published': '2019-09-27',
            'issuer': 'mois', 'title': self.title, 'lead': self.lead, 'body': body, 'people': people,
            'organisations': {'mois': {'name': {'en': 'Ministry', 'ko': '부'}}},
        }, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False))  # libyaml's: the histories write thousands

    def texts(self):
        """Every string of the body, and the lead: the strings without a context."""
        return [self.lead, *self.body, *(node['text'] for _, _, node, _ in items_in(self.points)),
                *(cell for row in self.rows for cell in row)]

    def written(self, sentence):
        """``sentence`` with each ``@person`` as the placeholder the record declares for them."""
        for who, key in self.people.items():
            sentence = sentence.replace(f'@{who}', f'{{{key}}}')
        return sentence

    def rename(self, old, new):
        """Rename the fact ``old`` to ``new`` in the record and in every string that uses it."""
        swap = lambda text: text.replace(f'{{{old}}}', f'{{{new}}}')
        self.title, self.lead, self.body = swap(self.title), swap(self.lead), [swap(p) for p in self.body]
        for _, _, node, _ in items_in(self.points):
            node['text'] = swap(node['text'])
        self.rows = [[swap(cell) for cell in row] for row in self.rows]
        self.people = {shown: (new if key == old else key) for shown, key in self.people.items()}

    # -- the catalog ----------------------------------------------------------------------

    @property
    def catalog(self):
        return self.folder / 'locales' / 'ko' / 'LC_MESSAGES' / 'history.po'

    def step(self):
        """Write the record and update the catalog, then check it; return its entries."""
        self.write_record()
        release = load_record(self.record)
        catalogs = [c for c in catalog_files([release], ['ko']) if c.domain.name == 'history']
        update_catalogs(catalogs)
        data = self.catalog.read_bytes()
        update_catalogs(catalogs)  # the record as it was: only the catalog is read again
        assert self.catalog.read_bytes() == data, 'a second update changed the catalog'
        check = subprocess.run(['msgfmt', '-c', '--check-format', '-o', '/dev/null', str(self.catalog)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        entries = read_po(self.catalog).entries
        self.check(entries)
        return entries

    def check(self, entries):
        translated = [entry for entry in entries if entry.msgstr]
        lost = set(self.made_for) - {entry.msgstr for entry in translated}
        assert not lost, f'translations lost: {lost}'
        for entry in translated:  # a suggestion may stand on two strings: each is checked
            made_for = entry.previous_msgid if entry.fuzzy and entry.previous_msgid is not None else entry.msgid
            assert self.made_for[entry.msgstr] == made_for, entry
        reviewed = collections.Counter(entry.msgstr for entry in translated if not entry.fuzzy and not entry.obsolete)
        assert all(count == 1 for count in reviewed.values()), f'a reviewed translation on two strings: {reviewed}'

    def translation_of(self, msgid):
        self.counter += 1
        kept = ' '.join(f'{{{name}.{attribute}}}' if attribute else f'{{{name}}}'
                        for name, attribute in sorted(set(placeholders(msgid))))
        text = f'번역 {self.counter} {kept}'.strip()
        self.made_for[text] = msgid
        return text

    def review(self):
        """A translator translates every empty entry and reviews every fuzzy one."""
        po = read_po(self.catalog)
        in_use = collections.Counter(entry.msgstr for entry in po.entries if entry.msgstr)
        entries = []
        for entry in po.entries:
            if not entry.obsolete and (entry.fuzzy or not entry.msgstr):
                in_use[entry.msgstr] -= 1
                if not in_use[entry.msgstr]:  # a suggestion offered to two strings stays on the other
                    self.made_for.pop(entry.msgstr, None)
                entry = entry.changed(msgstr=self.translation_of(entry.msgid), previous_msgctxt=None,
                                      previous_msgid=None, flags=tuple(f for f in entry.flags if f != 'fuzzy'))
            entries.append(entry)
        self.catalog.write_bytes(po.data(po.text_of(po.header, entries)))
        self.check(read_po(self.catalog).entries)

    def translation_on(self, msgid, entries):
        """The translation of the body's string ``msgid`` (body strings have no context)."""
        return next((entry.msgstr for entry in entries
                     if entry.key == (None, msgid) and not entry.obsolete), '')


def _written_items(nodes):
    return [node['text'] if not node['items'] else {'text': node['text'], 'items': _written_items(node['items'])}
            for node in nodes]


def items_in(nodes, depth=1):
    """Every item of a list, in reading order: (its siblings, its index, the item, its depth)."""
    for index, node in enumerate(nodes):
        yield nodes, index, node, depth
        yield from items_in(node['items'], depth + 1)


def parents_in(nodes):
    """(the list holding each nested item's parent, the parent's index, the item's siblings, its index)."""
    for index, node in enumerate(nodes):
        for child_index, _ in enumerate(node['items']):
            yield nodes, index, node['items'], child_index
        yield from parents_in(node['items'])


def edit_structure(history, data, edit, new_sentence):
    """Apply ``edit`` to the body's list or table."""
    points, rows = history.points, history.rows
    pick = lambda choices: choices[data.draw(st.integers(0, len(choices) - 1))]
    if edit == 'insert item' or (edit in ('delete item', 'edit item') and not points):
        siblings = pick([points] + [node['items'] for _, _, node, depth in items_in(points) if depth < 3])
        siblings.insert(data.draw(st.integers(0, len(siblings))), {'text': new_sentence(), 'items': []})
    elif edit == 'delete item':
        siblings, index, _, _ = pick(list(items_in(points)))
        del siblings[index]  # with the items under it
    elif edit == 'edit item':
        _, _, node, _ = pick(list(items_in(points)))
        node['text'] = edit_a_word(data, node['text'])
    elif edit == 'nest':
        movable = [(siblings, index) for siblings, index, node, depth in items_in(points)
                   if index > 0 and depth + _height(node) <= 3]
        if movable:
            siblings, index = pick(movable)
            siblings[index - 1]['items'].append(siblings.pop(index))
    elif edit == 'unnest':
        nested = list(parents_in(points))
        if nested:
            outer, parent, siblings, index = pick(nested)
            outer.insert(parent + 1, siblings.pop(index))
    elif edit == 'insert row' or (edit in ('move row', 'edit cell') and not rows):
        rows.insert(data.draw(st.integers(0, len(rows))), pick([[new_sentence()], [new_sentence(), new_sentence()]]))
    elif edit == 'move row':
        rows.insert(data.draw(st.integers(0, len(rows) - 1)), rows.pop(data.draw(st.integers(0, len(rows) - 1))))
    elif edit == 'edit cell':
        row = pick(rows)
        column = data.draw(st.integers(0, len(row) - 1))
        row[column] = edit_a_word(data, row[column])
    elif edit == 'split cell':
        spanning = [row for row in rows if len(row) == 1 and len(row[0].split(' ')) > 1]
        if spanning:
            row = pick(spanning)
            words = row[0].split(' ')
            cut = len(words) // 2
            row[:] = [' '.join(words[:cut]) + '.', ' '.join(words[cut:]).capitalize()]


def _height(node):
    """How many levels an item takes with the items under it."""
    return 1 + max((_height(child) for child in node['items']), default=0)


def edit_a_word(data, text):
    words = text.split(' ')
    index = data.draw(st.integers(0, len(words) - 1))
    words[index] = data.draw(st.sampled_from([w for w in WORDS if w != words[index].strip('.').lower()]))
    return ' '.join(words)


EDITS = ('insert', 'delete', 'move', 'edit', 'rewrite', 'split', 'merge', 'rename', 'title',
         'edit and insert', 'edit and delete', 'copy', 'review')
#: Edits of the body's list and table.
STRUCTURE_EDITS = ('insert item', 'delete item', 'edit item', 'nest', 'unnest', 'insert row', 'move row', 'edit cell',
                   'split cell')


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_translation_never_lands_on_a_string_it_was_not_made_for(tmp_path_factory, data):
    history = History(tmp_path_factory.mktemp('history'), data.draw(sentence), data.draw(sentence),
                      data.draw(st.lists(sentence, min_size=2, max_size=6)),
                      data.draw(st.lists(sentence, min_size=0, max_size=4)),
                      data.draw(st.lists(st.lists(sentence, min_size=1, max_size=2), min_size=0, max_size=3)))
    new_sentence = lambda: history.written(data.draw(sentence))
    for edit in data.draw(st.lists(st.sampled_from(EDITS + STRUCTURE_EDITS), min_size=1, max_size=6)):
        body = history.body
        position = lambda extra=0: data.draw(st.integers(0, max(0, len(body) - 1 + extra)))
        followed = suggested = None
        if edit == 'review':
            history.review()
            continue
        if edit in STRUCTURE_EDITS:
            edit_structure(history, data, edit, new_sentence)
        elif edit == 'insert' or (edit == 'delete' and len(body) < 2):
            body.insert(position(1), new_sentence())
        elif edit == 'delete':
            del body[position()]
        elif edit == 'move':
            body.insert(position(), body.pop(position()))
        elif edit == 'edit':
            index = position()
            body[index] = edit_a_word(data, body[index])
        elif edit == 'rewrite':
            body[position()] = new_sentence()
        elif edit == 'split':
            index = position()
            words = body[index].split(' ')
            cut = len(words) // 2
            body[index:index + 1] = [' '.join(words[:cut]) + '.', ' '.join(words[cut:]).capitalize()]
        elif edit == 'merge' and len(body) > 1:
            index = position(-1)
            body[index:index + 2] = [body[index] + ' ' + body[index + 1]]
        elif edit == 'rename':
            shown = data.draw(st.sampled_from(PEOPLE))
            history.rename(history.people[shown], history.people[shown] + 'x')
        elif edit == 'title':
            history.title = edit_a_word(data, history.title)
        elif edit == 'copy':  # a paragraph copied, and the copy edited, while the original stays
            index = position()
            original, translation = body[index], history.translation_on(body[index], read_po(history.catalog).entries)
            body.insert(index + 1, edit_a_word(data, original))
            if translation and history.texts().count(body[index + 1]) == 1:  # no other string without a context
                suggested = (body[index + 1], likeness(original, body[index + 1]))
        elif edit.startswith('edit and') and len(body) > 1:
            index = position(-1)
            original, translation = body[index], history.translation_on(body[index], read_po(history.catalog).entries)
            body[index] = edit_a_word(data, original)
            unrelated = new_sentence()
            if edit == 'edit and insert':
                body.insert(index + data.draw(st.sampled_from([0, 1])), unrelated)
            else:
                unrelated = body.pop(index + 1)
            prose = history.texts()  # the strings without a context, as the body's
            if (translation and original not in prose and prose.count(body[index]) == 1
                    and likeness(original, body[index]) > likeness(original, unrelated)):
                followed = (body[index], original, translation)
        entries = history.step()
        if followed:
            edited, original, translation = followed
            entry = next(e for e in entries if e.key == (None, edited) and not e.obsolete)
            assert entry.msgstr == translation, (edited, original, entry)
            assert entry.fuzzy and entry.previous_msgid == history.made_for[translation]
        if suggested and suggested[1] >= EDITED:  # offered a translation to review (check() says whose)
            copy, _ = suggested
            entry = next(e for e in entries if e.key == (None, copy) and not e.obsolete)
            assert entry.fuzzy and entry.msgstr, entry
