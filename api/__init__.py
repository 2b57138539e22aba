"""Interfaces: the CLI and the FastAPI HTTP server (and the integrations mounted on it)."""
