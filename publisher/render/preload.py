"""What the fork server imports and reads once for every worker: all a PDF and a binding need.

WeasyPrint comes first, its libraries found in the linker's cache (see libraries.py);
a plain ``import weasyprint`` would start a compiler for each name it tries.  Then
what each worker would otherwise do again before its first PDF: the C types every
PDF names parsed, and the hyphenation dictionaries of the languages print.css
hyphenates read (pyphen keeps them by file, about 45 ms for English).
"""

import pyphen

from ..languages import HYPHENATED
from .libraries import import_weasyprint, parse_the_types_a_pdf_names

parse_the_types_a_pdf_names(import_weasyprint())
for language in HYPHENATED:
    pyphen.Pyphen(lang=pyphen.language_fallback(language))  # the dictionary WeasyPrint reads for it

from . import assemble, pdf, tagging, textlayer  # noqa: E402,F401  (imported to be inherited by the workers)
import pikepdf  # noqa: E402,F401
