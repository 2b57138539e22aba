"""Shared building blocks of citeqa: settings, typed errors and the passage/citation records."""
