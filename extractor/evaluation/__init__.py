"""Scoring against gold corpora (ANNOTATION.md): records and page-to-text."""
