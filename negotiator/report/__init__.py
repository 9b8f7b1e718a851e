"""Render results as Markdown and JSON reports, written atomically."""
