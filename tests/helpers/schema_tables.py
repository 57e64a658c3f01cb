"""The tables of the result schema page (docs/pages/schema.md), read for the tests that compare
JSON output with the documented keys."""

from pathlib import Path

PAGE = Path(__file__).resolve().parents[2] / "docs" / "pages" / "schema.md"


def documented_tables() -> list:
    """The tables of the schema page, in order: {key path: (type, null when)}."""
    tables, current = [], None
    for line in PAGE.read_text().splitlines():
        if line.startswith("| key | type | null when |"):
            current = {}
            tables.append(current)
        elif current is not None and line.startswith("| `"):
            key, typ, null_when = (cell.strip() for cell in line.strip("|").split(" | "))
            current[key.strip("`")] = (typ, null_when)
        elif not line.startswith("|"):
            current = None
    return tables
