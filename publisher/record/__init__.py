"""The canonical record of a release: its schema, and loading it from YAML.

A record holds every fact of a release once (people, organisations, places,
dates, amounts, photos) and its prose in the source language.  Prose refers to
facts with placeholders such as ``{yoon}`` or ``{corps.short}`` so that names,
dates and money are written from the facts, the same way, in every language.

This package is the only place that knows a field's rules.  Problems are
reported in the user's terms, each with the file, line and field path::

    samples/seed/release.yaml:42: body[3].speaker: no person 'yon' is declared
"""

import importlib

#: Where each name the package offers is defined.  The names are imported on first use (PEP 562), so that a
#: command reading only what earlier commands kept (``status``) does not build the schema's pydantic models,
#: about 0.3 s of CPU.
_MODULES = {
    'blocks': ('Block', 'Box', 'BulletList', 'Cell', 'Heading', 'Item', 'Note', 'NumberedList', 'Quote', 'Remark',
               'Subheading', 'Table', 'units'),
    'fields': ('ATTRIBUTES', 'DATE_KINDS', 'PlaceholderError', 'field_path', 'placeholders'),
    'limits': ('LARGEST_AMOUNT', 'LIMITS', 'Limits'),
    'load': ('load_record',),
    'model': ('Amount', 'Attachment', 'Contact', 'Correction', 'Day', 'Event', 'Footnote', 'Link', 'Moment', 'Month',
              'Months', 'Number', 'Organisation', 'Partner', 'Person', 'Photo', 'Place', 'Range', 'Release', 'Times',
              'Years'),
}
_MODULE_OF = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name):
    if name in (*_MODULES, 'contacts'):  # a module of the package, as ``record.limits``
        return importlib.import_module(f'.{name}', __name__)
    try:
        module = _MODULE_OF[name]
    except KeyError:
        raise AttributeError(f'module {__name__!r} has no attribute {name!r}') from None
    return getattr(importlib.import_module(f'.{module}', __name__), name)


__all__ = list(_MODULE_OF)
