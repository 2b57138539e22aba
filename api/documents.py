"""Documents over HTTP: upload (add or replace), list, read and delete the documents of the served index.

A change is written the way ``citeqa ingest`` and ``citeqa rm`` write it (under the index's write lock, as a new
version) and swapped into the server before the call returns, so the next question already sees it. While another
writer holds the index the call fails at once with 409 instead of waiting.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, HTTPException, Request, UploadFile, status
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field

from citeqa.api.deps import AssistantDep, SettingsDep, require_api_key
from citeqa.api.limits import UPLOADS
from citeqa.api.schemas import ErrorResponse
from citeqa.core.errors import DocumentError
from citeqa.index import store
from citeqa.ingest.loader import SUFFIXES
from citeqa.ingest.shared import ingest_configured, remove_configured

MAX_FILES = 100  # files in one upload


class DocumentOut(BaseModel):
    """An indexed document: its source name (citations name it), kind, checksum and size."""

    source: str = Field(..., description="The name citations give (the uploaded file's name).")
    kind: str = Field(..., description="How it was read: text, markdown, html, pdf or docx.")
    checksum: str = Field(..., description="SHA-256 of the file as ingested.")
    passages: int = Field(..., ge=0)
    chars: int = Field(..., ge=0, description="Characters of its canonical text.")


class DocumentList(BaseModel):
    """The documents of the served index."""

    documents: list[DocumentOut]
    index_version: str | None = None


class DocumentText(DocumentOut):
    """A document and its canonical text: every citation of it is a span of ``text`` at the cited offsets."""

    text: str


class Skipped(BaseModel):
    """A file that was not ingested, and why."""

    source: str
    reason: str


class DocumentsChanged(BaseModel):
    """What an upload or a deletion changed, and the index it left (already served)."""

    added: list[str] = Field(default_factory=list)
    updated: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    skipped: list[Skipped] = Field(default_factory=list)
    documents: int = Field(..., ge=0)
    passages: int = Field(..., ge=0)
    index_version: str | None = None


def _described(assistant: AssistantDep, source: str) -> DocumentOut:
    doc = assistant.store.document(source)
    return DocumentOut(source=source, kind=doc.kind, checksum=doc.checksum,
                       passages=len(assistant.store.passages_of(source)), chars=len(doc.text))


def _invalid(message: str) -> RequestValidationError:
    """A 422 in the shape of FastAPI's own (``detail``: a list naming the field)."""
    return RequestValidationError([{"loc": ("body", "files"), "msg": message, "type": "value_error"}])


def _upload_name(upload: UploadFile) -> str:
    """The source name of an uploaded file: its file name without any folder; 415 for a type citeqa cannot read."""
    name = Path((upload.filename or "").replace("\\", "/")).name
    if not name or name.startswith("."):
        raise _invalid(f"file name {upload.filename!r} cannot name a document: give each file a name such as "
                       "notes.txt")
    if Path(name).suffix.lower() not in SUFFIXES:
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, f"{name}: file type "
                            f"{Path(name).suffix or 'without a suffix'} is not read (citeqa reads "
                            f"{', '.join(sorted(SUFFIXES))})")
    return name


def _swapped(request: Request) -> str | None:
    """Swap the version just written into the server; its name."""
    request.app.state.reloader.check()
    version: str | None = request.app.state.assistant.store.version
    return version


_ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorResponse, "description": "A body that is not multipart form data"},
    401: {"model": ErrorResponse}, 409: {"model": ErrorResponse, "description": "Another ingest is writing"},
    413: {"model": ErrorResponse}, 415: {"model": ErrorResponse, "description": "A file type citeqa cannot read"},
}
router = APIRouter(prefix=UPLOADS, tags=["documents"], dependencies=[Depends(require_api_key)])


@router.get("", response_model=DocumentList, responses={401: {"model": ErrorResponse}})
def list_documents(assistant: AssistantDep) -> DocumentList:
    """The documents of the served index, by source name."""
    return DocumentList(documents=[_described(assistant, s) for s in assistant.store.sources()],
                        index_version=assistant.store.version)


@router.get("/{source:path}", response_model=DocumentText,
            responses={401: {"model": ErrorResponse}, 404: {"model": ErrorResponse}})
def get_document(source: str, assistant: AssistantDep) -> DocumentText:
    """One document, with the canonical text its citations are spans of."""
    return DocumentText(**_described(assistant, source).model_dump(), text=assistant.store.document(source).text)


@router.post("", response_model=DocumentsChanged, responses=_ERRORS)
def upload_documents(
    files: Annotated[list[UploadFile], File(min_length=1, max_length=MAX_FILES,
                                            description="One or more files (.txt, .md, .html, .pdf, .docx); a "
                                                        "file named as an indexed document replaces it.")],
    assistant: AssistantDep, settings: SettingsDep, request: Request,
) -> DocumentsChanged:
    """Add documents, or replace those of the same name; answers reflect them when this returns."""
    names = [_upload_name(f) for f in files]
    if len(set(names)) != len(names):
        raise _invalid(f"two uploaded files have one name: {sorted(n for n in names if names.count(n) > 1)[0]}")
    skipped: list[DocumentError] = []
    with tempfile.TemporaryDirectory(prefix="citeqa-upload-") as folder:
        paths = []
        for upload, name in zip(files, names, strict=True):
            path = Path(folder) / name
            with path.open("wb") as handle:
                while chunk := upload.file.read(1 << 20):
                    handle.write(chunk)
            paths.append(path)
        report = ingest_configured(settings, paths, assistant.embedder, progress=False, on_skip=skipped.append,
                                   wait=False)
    if not (report.added or report.updated or report.unchanged):
        raise _invalid("; ".join(str(e) for e in skipped) or "no file could be read")
    return DocumentsChanged(added=report.added, updated=report.updated, unchanged=report.unchanged,
                            skipped=[Skipped(source=e.path, reason=e.reason) for e in skipped],
                            documents=report.documents, passages=report.passages, index_version=_swapped(request))


@router.delete("/{source:path}", response_model=DocumentsChanged,
               responses={**_ERRORS, 404: {"model": ErrorResponse}})
def delete_document(source: str, settings: SettingsDep, request: Request) -> DocumentsChanged:
    """Remove a document; answers no longer cite it when this returns."""
    held = request.app.state.assistant.store.sources() if settings.store \
        else store.load_documents(settings.resolved_index_dir())
    if source not in held:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no document {source!r} in the index")
    removed = remove_configured(settings, [source], wait=False)
    version = _swapped(request)
    served = request.app.state.assistant.store
    return DocumentsChanged(removed=removed, documents=len(served.sources()), passages=served.size,
                            index_version=version)
