"""Exports and triage summaries built from the case store."""
