"""What the fork server imports once for every worker: all a PDF and a binding need.

WeasyPrint comes first, its libraries found in the linker's cache (see libraries.py);
a plain ``import weasyprint`` would start a compiler for each name it tries.  The C
types every PDF names are parsed here too, once, not in each worker (about 20 ms).
"""

from .libraries import import_weasyprint, parse_the_types_a_pdf_names

parse_the_types_a_pdf_names(import_weasyprint())

from . import assemble, pdf, tagging, textlayer  # noqa: E402,F401  (imported to be inherited by the workers)
import pikepdf  # noqa: E402,F401
