"""Ingest: read documents, drop page furniture, split into cited passages (offsets into the original)."""
