"""A table of rows that shows itself as the course's tables always have, without pandas.

The numbers behind each chart ("Show the numbers") are kept as a :class:`Table`: its
rows, its columns and each column's kind. :meth:`Table.to_html` writes the markup
``pandas.DataFrame.to_html(index=False, escape=True, na_rep="", border=0)`` wrote for
these tables, so a lesson looks the same, except that a missing value is always an
empty cell (pandas wrote ``<NA>`` for a missing number of an ``Int64`` or ``Float64``
column, ignoring ``na_rep``); :meth:`Table.to_frame` gives a typed DataFrame (importing
pandas then) to a learner who asks for the table itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("string", "integer", "number", "int", "float", "bool")
"""A column's kind: text; a whole number or a number that may be missing (pandas ``Int64``, ``Float64``);
a count that is never missing (``int64``); a plain float (``float64``: read from a DataFrame only; each value is
written on its own, where pandas pads a whole column to the same decimals); true or false (``bool``)."""
_DTYPES = {"integer": "Int64", "number": "Float64", "int": "int64", "float": "float64", "bool": "bool",
           "string": "object"}


def _float_text(x: float) -> str:
    """A float as pandas writes one in a table: six decimals, trailing zeros trimmed to one ('9.0', '5.35')."""
    text = f"{x:.6f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def cell_text(value, kind: str) -> str:
    """One cell as the text pandas' ``to_html`` wrote for it (before HTML escaping); a missing value is empty.

    >>> cell_text(None, "number"), cell_text(12.0, "number"), cell_text(3, "integer")
    ('', '12.0', '3')
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if kind in ("number", "float"):
        return _float_text(float(value))
    if kind == "string":
        return str(value).replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")
    return str(value)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class Table:
    """Rows (dicts) with their columns in order and each column's kind (see :data:`KINDS`; text by default)."""

    columns: list[str]
    rows: list[dict]
    kinds: dict[str, str] = field(default_factory=dict)

    def kind(self, column: str) -> str:
        """The kind of one column (``string`` unless said otherwise)."""
        return self.kinds.get(column, "string")

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list:
        """The values of one column, in row order."""
        return [row.get(name) for row in self.rows]

    def select(self, columns: list[str]) -> Table:
        """The same rows with only these columns."""
        return Table(list(columns), [{c: row.get(c) for c in columns} for row in self.rows],
                     {c: self.kind(c) for c in columns})

    def to_frame(self):
        """The table as a typed pandas DataFrame (pandas is imported here, only when asked for)."""
        import pandas as pd

        data = {}
        for col in self.columns:
            values = self.column(col)
            kind = self.kind(col)
            if kind in ("integer", "number"):
                data[col] = pd.array(values, dtype=_DTYPES[kind])
            elif kind == "string":
                data[col] = pd.Series(values, dtype=object)
            else:
                data[col] = pd.Series(values, dtype=_DTYPES[kind])
        return pd.DataFrame(data, columns=list(self.columns))

    @classmethod
    def from_frame(cls, frame) -> Table:
        """A DataFrame's rows and columns, each column's kind read from its dtype."""
        kinds = {"Int64": "integer", "Float64": "number", "int64": "int", "float64": "float", "bool": "bool"}
        columns = [str(c) for c in frame.columns]
        rows = [{c: (None if _missing(v) else v) for c, v in zip(columns, values)}
                for values in frame.itertuples(index=False, name=None)]
        return cls(columns, rows, {c: kinds.get(str(frame[c].dtype), "string") for c in columns})

    def to_html(self, classes: str = "") -> str:
        """The table as pandas wrote it (``to_html(index=False, escape=True, na_rep="", border=0)``); a missing
        value is an empty cell."""
        cls = f"dataframe {classes}".strip()
        lines = [f'<table class="{cls}">', "  <thead>", '    <tr style="text-align: right;">']
        lines += [f"      <th>{_escape(str(c))}</th>" for c in self.columns]
        lines += ["    </tr>", "  </thead>", "  <tbody>"]
        for row in self.rows:
            lines.append("    <tr>")
            lines += [f"      <td>{_escape(cell_text(row.get(c), self.kind(c)).strip())}</td>" for c in self.columns]
            lines.append("    </tr>")
        lines += ["  </tbody>", "</table>"]
        return "\n".join(lines)


def _missing(value) -> bool:
    """True for a missing value as pandas holds one (None, NaN, pd.NA), without importing pandas."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:  # pd.NA != pd.NA is NA, whose truth is ambiguous
        return True
