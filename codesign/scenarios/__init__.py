"""Scenarios: structured drafts, revisions, amendments, co-authors, import and export of proposals/."""
