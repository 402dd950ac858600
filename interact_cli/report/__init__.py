"""Reports: summaries and after-action reports for the terminal, Markdown, CSV, JSON and HTML."""
