"""Domain types, the case store, progress reporting and limits. No Qt, no whoosh, no click."""
