"""Machine-translation drafts: the stage between the catalogs and review.

- ``providers``: the translation services, with bounded requests and their limits;
- ``masking``: what a provider must not translate (placeholders, names, the glossary's terms)
  and how long strings are cut;
- ``glossary``: the workspace's official terms;
- ``drafting``: a run of drafts into the catalogs, as fuzzy entries with their provenance, cached;
- ``review``: a translator accepting, editing or skipping drafts.

The package itself imports nothing, so that ``check`` and ``status`` read the glossary without
loading the providers.
"""
