"""What the fork server imports once for every worker: all a PDF and a binding need.

WeasyPrint comes first, its libraries found in the linker's cache (see libraries.py);
a plain ``import weasyprint`` would start a compiler for each name it tries.
"""

from .libraries import import_weasyprint

import_weasyprint()

from . import assemble, pdf, tagging, textlayer  # noqa: E402,F401  (imported to be inherited by the workers)
import pikepdf  # noqa: E402,F401
