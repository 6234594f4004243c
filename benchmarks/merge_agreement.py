"""How often `publisher update` and GNU `msgmerge --previous` give a new string the same translation.

    .venv/bin/python benchmarks/merge_agreement.py [--histories 300] [--steps 6] [--seed 1]

Random editing histories of a record (insert, delete, move, edit a word,
rewrite, split, merge, rename a fact, change the title, an edit with an
unrelated paragraph inserted or deleted beside it, a paragraph copied and the
copy edited), with a translator
reviewing now and then. At every step both tools merge the same old catalog
with the same new template; for each string that is new at that step, we
compare the translation each tool gave it (none, or the translation of an old
string). Every disagreement is sorted into a kind, with an example.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import subprocess
import tempfile
from pathlib import Path

import yaml

from publisher.catalogs.extract import catalog_files, pot_text
from publisher.catalogs.merge import EDITED, likeness, merge, new_header
from publisher.catalogs.pofile import po_text, read_po
from publisher.record import load_record, placeholders

WORDS = ('ministry delegation visited capital cooperation forum local autonomy disaster management '
         'personnel reform intelligent transport bilateral meeting invitation roundtable innovation '
         'public service capacity building partnership agreement training programme officials '
         'exchange digital government security budget workshop experience policy dialogue region '
         'province city council citizens committee summit leaders signed memorandum project plan').split()


class Record:
    def __init__(self, rng):
        self.rng = rng
        self.people = ['kim', 'lee', 'park']
        self.title, self.lead = self.sentence(), self.sentence()
        self.body = [self.sentence() for _ in range(rng.randint(2, 7))]

    def sentence(self):
        words = self.rng.choices(WORDS + [f'{{{p}}}' for p in self.people], k=self.rng.randint(6, 20))
        return ' '.join(words).capitalize() + '.'

    def edit_a_word(self, text):
        words = text.split(' ')
        words[self.rng.randrange(len(words))] = self.rng.choice(WORDS)
        return ' '.join(words)

    def apply(self, edit):
        body, rng = self.body, self.rng
        if edit == 'insert' or len(body) < 2:
            body.insert(rng.randint(0, len(body)), self.sentence())
        elif edit == 'delete':
            del body[rng.randrange(len(body))]
        elif edit == 'move':
            body.insert(rng.randrange(len(body)), body.pop(rng.randrange(len(body))))
        elif edit == 'edit a word':
            index = rng.randrange(len(body))
            body[index] = self.edit_a_word(body[index])
        elif edit == 'rewrite':
            body[rng.randrange(len(body))] = self.sentence()
        elif edit == 'split':
            index = rng.randrange(len(body))
            words = body[index].split(' ')
            body[index:index + 1] = [' '.join(words[:len(words) // 2]) + '.',
                                     ' '.join(words[len(words) // 2:]).capitalize()]
        elif edit == 'merge':
            index = rng.randrange(len(body) - 1)
            body[index:index + 2] = [body[index] + ' ' + body[index + 1]]
        elif edit == 'rename a fact':
            old = rng.choice(self.people)
            new = old + 'x'
            self.people[self.people.index(old)] = new
            swap = lambda text: text.replace(f'{{{old}}}', f'{{{new}}}')
            self.title, self.lead, self.body = swap(self.title), swap(self.lead), [swap(p) for p in body]
        elif edit == 'copy and edit':
            index = rng.randrange(len(body))
            body.insert(index + 1, self.edit_a_word(body[index]))
        elif edit == 'change the title':
            self.title = self.edit_a_word(self.title)
        elif edit in ('edit, insert beside', 'edit, delete beside'):
            index = rng.randrange(len(body) - 1)
            body[index] = self.edit_a_word(body[index])
            if edit == 'edit, insert beside':
                body.insert(index + rng.randint(0, 1), self.sentence())
            else:
                del body[index + 1]

    def write(self, path):
        path.write_text(yaml.safe_dump({
            'id': 'history', 'source_language': 'en', 'languages': ['en', 'ko'], 'published': '2019-09-27',
            'issuer': 'mois', 'title': self.title, 'lead': self.lead, 'body': self.body,
            'people': {p: {'name': {'en': p.title(), 'ko': p}} for p in self.people},
            'organisations': {'mois': {'name': {'en': 'Ministry', 'ko': '부'}}},
        }, allow_unicode=True, sort_keys=False))


EDITS = ['insert', 'delete', 'move', 'edit a word', 'rewrite', 'split', 'merge', 'rename a fact',
         'change the title', 'edit, insert beside', 'edit, delete beside', 'copy and edit']


def review(entries, counter):
    """A translator fills every empty entry and accepts every fuzzy one, each with a new translation."""
    reviewed = []
    for entry in entries:
        if not entry.obsolete and (entry.fuzzy or not entry.msgstr):
            counter[0] += 1
            kept = ' '.join(sorted({'{' + '.'.join(filter(None, p)) + '}' for p in placeholders(entry.msgid)}))
            entry = entry.changed(msgstr=f'번역 {counter[0]} {kept}'.strip(), previous_msgid=None,
                                  previous_msgctxt=None, flags=tuple(f for f in entry.flags if f != 'fuzzy'))
        reviewed.append(entry)
    return reviewed




def compare(old, ours, gnu, template, kinds, examples):
    """Sort the new strings of one step: the same translation from both tools, or a kind of difference."""
    old_by_text = {}
    for entry in old.entries:
        if entry.msgstr:
            old_by_text.setdefault(entry.msgstr, entry)
    kept = {entry.key for entry in old.entries if not entry.obsolete}
    ours_by_key = {entry.key: entry for entry in ours if not entry.obsolete}
    gnu_by_key = {entry.key: entry for entry in gnu.entries if not entry.obsolete}
    for entry in template:
        if entry.key in kept:
            continue
        mine, theirs = ours_by_key[entry.key].msgstr, gnu_by_key[entry.key].msgstr
        if mine == theirs:
            kind = 'agree: both none' if not mine else 'agree: the same translation'
        elif theirs and not mine:
            source = old_by_text.get(theirs)
            kind = ('msgmerge offers a string under 0.6 alike by its own measure'
                    if source is None or likeness(source.msgid, entry.msgid) < EDITED
                    else 'msgmerge offers a string at least 0.6 alike that ours does not')
        elif mine and not theirs:
            kind = 'ours offers a string at least 0.6 alike that msgmerge does not'
        else:
            ours_from, gnu_from = old_by_text[mine], old_by_text.get(theirs)
            alike_ours = likeness(ours_from.msgid, entry.msgid)
            alike_gnu = likeness(gnu_from.msgid, entry.msgid) if gnu_from is not None else 0
            kind = ('both offer, from different strings equally alike' if alike_ours == alike_gnu else
                    'both offer, from different strings; ours the more alike' if alike_ours > alike_gnu else
                    "both offer, from different strings; msgmerge's the more alike")
        kinds[kind] += 1
        if not kind.startswith('agree'):
            examples.setdefault(kind, (entry.msgid, mine, theirs))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--histories', type=int, default=300)
    parser.add_argument('--steps', type=int, default=6)
    parser.add_argument('--seed', type=int, default=1)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    kinds, examples = collections.Counter(), {}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        (folder / 'locales').mkdir()
        path, pot, gnu_out = folder / 'release.yaml', folder / 'history.pot', folder / 'gnu.po'
        catalog = folder / 'ko.po'
        for _ in range(options.histories):
            record, counter = Record(rng), [0]
            record.write(path)
            template = catalog_files([load_record(path)], ['ko'])[0].domain.template
            catalog.write_text(po_text(new_header('history', 'ko'), review(list(template), counter)))
            for step in range(options.steps):
                record.apply(rng.choice(EDITS))
                record.write(path)
                template = list(catalog_files([load_record(path)], ['ko'])[0].domain.template)
                pot.write_text(pot_text(pot, 'history', template))
                old = read_po(catalog)
                ours = merge(template, old)
                subprocess.run(['msgmerge', '--quiet', '--previous', '-o', str(gnu_out), str(catalog), str(pot)],
                               check=True)
                compare(old, ours, read_po(gnu_out), template, kinds, examples)
                if rng.random() < 0.3:
                    ours = review(ours, counter)
                catalog.write_text(old.text_of(old.header, ours))
    new = sum(kinds.values())
    reused = new - kinds['agree: both none']
    print(f'{options.histories} histories of {options.steps} steps; {new} new strings, '
          f'{reused} of them given a translation by either tool')
    print(f'agreement where either reuses a translation: {kinds["agree: the same translation"] / reused:.1%}')
    print(f'agreement over all new strings: {(kinds["agree: the same translation"] + kinds["agree: both none"]) / new:.1%}')
    for kind, number in kinds.most_common():
        print(f'  {number:6d}  {kind}')
        if kind in examples:
            msgid, mine, theirs = examples[kind]
            print(f'          e.g. {msgid[:70]!r}: ours {mine!r}, msgmerge {theirs!r}')
    print(f'load: {" ".join(f"{x:.1f}" for x in os.getloadavg())}')


if __name__ == '__main__':
    main()
