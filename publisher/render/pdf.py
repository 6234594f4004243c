"""Print-ready PDF from the print HTML of a release, with WeasyPrint.

WeasyPrint is imported here only, and only when a PDF is asked for: checking
a record or rendering HTML never pays for it.  It may read the workspace and
the package's own files, nothing else: no network, no other file.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..problems import InputError, Problem
from ..workspace import PACKAGE, Workspace


def render_pdf(html: str, workspace: Workspace, *, source: Path) -> bytes:
    """The PDF of ``html``; ``source`` names the record in error messages."""
    import weasyprint

    fetcher = _workspace_fetcher(weasyprint, (workspace.root, PACKAGE))
    document = weasyprint.HTML(string=html, base_url=workspace.root.as_uri() + '/', url_fetcher=fetcher)
    try:
        return document.write_pdf()
    except weasyprint.urls.FatalURLFetchingError as error:
        raise InputError([Problem(source, None, '', f'cannot render the PDF: {error.__cause__ or error}')]) from None


def _workspace_fetcher(weasyprint, roots):
    class WorkspaceFetcher(weasyprint.urls.URLFetcher):
        """Fetches ``file:`` URLs inside ``roots`` and refuses everything else."""

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme != 'file':
                raise ValueError(f'{url} is not a file of the workspace; nothing is fetched from the network')
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in roots):
                raise ValueError(f'{path} is outside the workspace')
            return super().fetch(path.as_uri(), headers)

    return WorkspaceFetcher(fail_on_errors=True, allowed_protocols=('file',))
