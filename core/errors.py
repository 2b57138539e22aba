"""Small typed errors raised by core code.

Only ``citeqa.api`` turns them into HTTP errors and only the CLI into exit messages.
"""

from __future__ import annotations


class CiteqaError(Exception):
    """Base class of every error citeqa raises on purpose."""


class ConfigError(CiteqaError):
    """A setting has a value citeqa cannot use."""


class InvalidQuestionError(CiteqaError):
    """The question is empty, too long or not text."""


class DocumentError(CiteqaError):
    """A document could not be read or decoded."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class NoDocumentsError(CiteqaError):
    """Ingest was given nothing it could read."""


class IndexMissingError(CiteqaError):
    """No index exists at the given location."""


class CorruptIndexError(CiteqaError):
    """The index exists but cannot be loaded (missing or damaged files)."""


class IndexMismatchError(CiteqaError):
    """The index was built with a different model or format than the one configured."""


class DocumentNotFoundError(CiteqaError):
    """No document has the requested source name."""


class PassageNotFoundError(CiteqaError):
    """No passage has the requested id."""


class PromptError(CiteqaError):
    """A prompt data file is missing, malformed or lacks a required field."""


class IndexBusyError(CiteqaError):
    """Another process is writing to the index (and the caller chose not to wait)."""


class IndexWriteError(CiteqaError):
    """The index could not be written (a full disk, a read-only folder); its live version is unchanged."""
