"""A release's life after rendering: when it may go out, what was published of it, and where it stands.

- ``moments.py``: the clock, the embargo, and the moments a feed and a page
  give (``published``, ``updated``), always real and in UTC;
- ``publication.py``: how one render publishes a release: held back or
  out, the moments and the feed entry id its pages carry;
- ``history.py``: what has been published of a release, kept in its output
  folder: the moment it went out, its versions, and its text as published;
- ``state.py``: a release's state (draft, ready, embargoed, published,
  corrected), for ``publisher status``;
- ``diff.py``: the text as published against the text now, word by word.
"""
