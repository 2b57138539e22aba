"""Find and read documents: ``.txt``, ``.md``, ``.html``, ``.pdf`` and ``.docx`` files and folders of them."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from citeqa.core.errors import DocumentError
from citeqa.ingest.formats import docx_text, html_text, pdf_text

SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"})
MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Document:
    """A decoded source document; offsets of passages point into ``text``."""

    source: str
    path: Path
    text: str
    kind: str  # "text", "markdown", "html", "pdf" or "docx"
    pages: tuple[tuple[int, int], ...] = ()  # a PDF's (offset where a page starts, its page number)

    @property
    def checksum(self) -> str:
        """SHA-256 of the decoded text."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def _utf8_name(relative: Path) -> bool:
    try:
        relative.as_posix().encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes in a name come back as lone surrogates
        return False
    return True


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _files_under(folder: Path, unreadable: list[tuple[Path, str]]) -> list[Path]:
    """Every file under ``folder`` (symbolic links to folders not followed, hidden folders not entered), sorted;
    folders that cannot be listed are added to ``unreadable`` with the reason."""
    files: list[Path] = []

    def cannot_list(exc: OSError) -> None:
        unreadable.append((Path(exc.filename), exc.strerror or str(exc)))

    for here, folders, names in os.walk(folder, onerror=cannot_list):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        files.extend(Path(here) / name for name in names)
    return sorted(files)


def discover(paths: Iterable[Path], unsupported: list[DocumentError] | None = None) -> list[tuple[Path, str]]:
    """Expand files and folders (recursively) into (path, source name) pairs, sorted by source.

    A single file is named by its file name; files in a folder by their path relative to that folder. When two
    different files would get one name ("notes.txt" in two folders given), each is named with its folder's name in
    front ("kantor/notes.txt", "rumah/notes.txt") so that neither replaces the other. Files in a folder of a type
    citeqa does not read, and folders that cannot be read, are added to ``unsupported`` (hidden files and folders,
    such as ``.git``, are passed over). Raises ``DocumentError`` for a path that does not exist.
    """
    candidates: list[tuple[str, Path, Path]] = []  # name, file, the folder it was found under
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            unreadable: list[tuple[Path, str]] = []
            for child in _files_under(path, unreadable):
                relative = child.relative_to(path)
                if not child.is_file() or _hidden(relative):
                    continue
                if not _utf8_name(relative):
                    if unsupported is not None:  # a source name must be text: it is stored and cited
                        unsupported.append(DocumentError(ascii(relative.as_posix()), "file name is not valid "
                                                         "UTF-8; rename the file to ingest it"))
                    continue
                if child.suffix.lower() in SUFFIXES:
                    candidates.append((relative.as_posix(), child, path))
                elif unsupported is not None:
                    kind = child.suffix.lower() or "without a suffix"
                    unsupported.append(DocumentError(relative.as_posix(), f"file type {kind} is not read "
                                                     f"(citeqa reads {', '.join(sorted(SUFFIXES))})"))
            for folder, reason in unreadable:
                name = folder.relative_to(path).as_posix() if folder != path else path.name
                if unsupported is not None:
                    unsupported.append(DocumentError(f"{name}/", f"folder cannot be read ({reason}); its files "
                                                     "are not ingested"))
        elif path.is_file():
            if not _utf8_name(Path(path.name)):
                raise DocumentError(ascii(path.name), "file name is not valid UTF-8; rename the file to ingest it")
            candidates.append((path.name, path, path.parent))
        else:
            raise DocumentError(str(path), "no such file or folder")
    files_of: dict[str, set[Path]] = {}
    for name, file, _ in candidates:
        files_of.setdefault(name, set()).add(file.resolve())
    found: dict[str, Path] = {}
    for name, file, root in candidates:
        if len(files_of[name]) > 1:
            folder = root.resolve()
            name = f"{folder.name}/{name}" if folder.name else name
        found[name] = file
    return [(found[name], name) for name in sorted(found)]


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in {".html", ".htm"}:
        return "html"
    if suffix in {".md", ".markdown"}:
        return "markdown"
    if suffix in {".pdf", ".docx"}:
        return suffix[1:]
    return "text"


def read_document(path: Path, source: str) -> Document:
    """Read and decode one file (UTF-8, BOM stripped). Raises ``DocumentError`` when it cannot."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DocumentError(source, f"file is {size} bytes, more than the {MAX_BYTES} accepted")
        raw = path.read_bytes()
    except OSError as exc:
        raise DocumentError(source, f"cannot read file ({exc.strerror or exc})") from exc
    kind = _kind(path)
    if kind == "pdf":
        text, pages = pdf_text(raw, source)
        return Document(source=source, path=path, text=text, kind=kind, pages=pages)
    if kind == "docx":
        return Document(source=source, path=path, text=docx_text(raw, source), kind=kind)
    if b"\x00" in raw[:8192]:
        raise DocumentError(source, "looks like a binary file, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(source, f"not valid UTF-8 text (byte {exc.start})") from exc
    if kind == "html":
        text = html_text(text)  # its readable text is the document: entities decoded, inline markup joined
    if not text.strip():
        raise DocumentError(source, "file is empty" if not raw.strip() else "file holds no readable text")
    return Document(source=source, path=path, text=text, kind=kind)
