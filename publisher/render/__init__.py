"""Rendering a localised release: HTML pages (html.py), then PDF (pdf.py)."""
