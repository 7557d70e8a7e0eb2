"""The one file-type dispatch: which format a path is in, and a file of any format read as data.

JSON and YAML files are documents of text; an .xlsx workbook or a folder of CSV files holds a
document as sheets, read with the :class:`SheetReader` of its document type (its layout).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, overload

from models.issues import Issue, ScenarioError
from sq_opt.io.documents import Document, parse_text
from sq_opt.io.sheets.layout import SheetFormat
from sq_opt.io.sheets.reader import SheetReader

TextFormat = Literal["json", "yaml"]
Format = Literal[TextFormat, SheetFormat]
SUFFIXES: dict[str, Format] = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx"}
_SYNTAX_NAMES: dict[TextFormat, str] = {"json": "JSON", "yaml": "YAML"}


@overload
def detect_format(path: str | Path, *, by_name: Literal[True]) -> Format: ...
@overload
def detect_format(path: str | Path, *, by_name: bool = False) -> Format | None: ...
def detect_format(path: str | Path, *, by_name: bool = False) -> Format | None:
    """The format of ``path``: .xlsx, a folder of CSV files, .json, or .yaml / .yml (any case).

    By default, what is at the path: an .xlsx name is a workbook, then an existing folder is CSV
    files whatever its name, then a .json / .yaml / .yml name is text; anything else is None.
    ``by_name``: what the name alone says (a file to write, a text document): its suffix, or else
    a CSV folder.
    """
    path = Path(path)
    known = SUFFIXES.get(path.suffix.lower())
    if by_name:
        return known or "csv"
    if known == "xlsx":
        return known
    return "csv" if path.is_dir() else known


def read_document(path: str | Path) -> Any:
    """Read a ``.json``, ``.yaml`` or ``.yml`` file into plain Python data."""
    path = Path(path)
    source = str(path)
    fmt = detect_format(path, by_name=True)
    if fmt != "json" and fmt != "yaml":
        raise ScenarioError(
            [Issue("", "file_format", {"suffix": path.suffix or path.name})], source
        )
    if not path.is_file():
        raise ScenarioError([Issue("", "file_not_found", {"file": source})], source)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ScenarioError(
            [Issue("", "file_unreadable", {"file": source, "detail": str(err)})], source
        ) from None
    return parse_text(text, _SYNTAX_NAMES[fmt], source)


def read_any(path: str | Path, sheets: type[SheetReader]) -> Document:
    """A file in any format as a document, not validated yet: JSON / YAML text, or a workbook or
    CSV folder read by ``sheets`` (the reader of the expected document type)."""
    path = Path(path)
    fmt = detect_format(path)
    if fmt == "xlsx" or fmt == "csv":
        return sheets.read(path, fmt)
    return Document(read_document(path), str(path))
