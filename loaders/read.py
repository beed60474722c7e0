"""Reading a minutes file into text, whatever it arrived as."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

__all__ = ["SUFFIXES", "LoadError", "file_digest", "read_text"]

SUFFIXES = (".txt", ".md", ".markdown", ".pdf")


class LoadError(Exception):
    """A document cannot be read; the message names the file and what to do."""


def file_digest(path: Path) -> str:
    """The file's bytes as ``sha256:<hex>``: a stored document says which file
    content it was read from, so that the same file need not be read again."""
    return _digest(path.read_bytes())


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def read_text(path: Path) -> tuple[str, str]:
    """The document's text (as-is for text and markdown, extracted page by page
    from a PDF) and the digest of the bytes it came from, read once."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise LoadError(f"{path}: not a minutes file (expected {', '.join(SUFFIXES)})")
    data = path.read_bytes()
    if suffix == ".pdf":
        return _pdf_text(path, data), _digest(data)
    if b"\x00" in data[:4096]:
        raise LoadError(
            f"{path}: binary content in a text file; convert it to text or PDF first"
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), _digest(data)
        except UnicodeDecodeError:
            continue
    raise LoadError(f"{path}: neither UTF-8 nor Windows-1252 text; re-save it as UTF-8")


def _pdf_text(path: Path, data: bytes) -> str:
    import pdfplumber  # imported here: only PDFs pay for it
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [page.extract_text(layout=False) or "" for page in pdf.pages]
    except (PdfminerException, PDFSyntaxError, ValueError, KeyError) as err:
        raise LoadError(
            f"{path}: not a readable PDF ({err}); re-export it or give its text"
        ) from err
    text = "\f".join(pages)
    if not text.strip():
        raise LoadError(f"{path}: the PDF has no text layer (a scan?); run OCR first")
    return text
