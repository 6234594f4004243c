"""A hyphenation dictionary is parsed once, then read back from the user's cache, the same patterns."""

from __future__ import annotations

import json
import os
import subprocess
import sys

#: In a fresh process: hyphenate English as WeasyPrint asks pyphen to, noting each dictionary pyphen parses.
HYPHENATE = '''
import json
import pyphen

from publisher.render.hyphenation import keep_parsed_dictionaries

parsed, parse = [], pyphen.HyphDict.__init__
pyphen.HyphDict.__init__ = lambda self, path: parsed.append(path.name) or parse(self, path)
keep_parsed_dictionaries()
dictionary = pyphen.Pyphen(lang=pyphen.language_fallback('en'), left=2, right=2)
print(json.dumps([parsed, dictionary.inserted('internationalisation'), dictionary.hd.maxlen,
                  len(dictionary.hd.patterns), sorted(map(repr, dictionary.hd.patterns.items()))[:50]]))
'''


def hyphenated(cache):
    printed = subprocess.run([sys.executable, '-c', HYPHENATE], check=True, capture_output=True, text=True,
                             env={**os.environ, 'XDG_CACHE_HOME': str(cache)}).stdout
    return json.loads(printed)


def test_a_dictionary_is_parsed_once_then_read_back_the_same(tmp_path):
    first, again = hyphenated(tmp_path), hyphenated(tmp_path)
    assert first[0] == ['hyph_en_GB.dic'] and again[0] == []
    assert first[1:] == again[1:] and first[1] == 'in-ter-na-tion-al-isa-tion'
    assert len(list((tmp_path / 'publisher' / 'hyphenation').iterdir())) == 1


def test_a_damaged_kept_dictionary_is_parsed_again(tmp_path):
    first = hyphenated(tmp_path)
    [kept] = (tmp_path / 'publisher' / 'hyphenation').iterdir()
    kept.write_bytes(kept.read_bytes()[:1000])
    again = hyphenated(tmp_path)
    assert again[0] == ['hyph_en_GB.dic'] and again[1:] == first[1:]
