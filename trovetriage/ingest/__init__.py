"""Ingest: walk sources, sniff types, run extractors in worker processes, hand results to the case."""
