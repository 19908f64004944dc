"""What every table module shares: the metadata with its naming convention, and enum CHECKs.

The table modules import this one and the domain, never each other: a foreign key names its
target table as a string, which SQLAlchemy resolves in the shared ``metadata``.
"""

from enum import StrEnum

from sqlalchemy import CheckConstraint, Table, inspect
from sqlmodel import SQLModel

metadata = SQLModel.metadata
metadata.naming_convention = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def one_of(column: str, enum: type[StrEnum], name: str | None = None) -> CheckConstraint:
    """A CHECK constraint that admits only the enum's values."""
    values = ", ".join(f"'{member.value}'" for member in enum)
    return CheckConstraint(f"{column} IN ({values})", name=name or column)


def table_of(row: type[SQLModel]) -> Table:
    """The Core table of a SQLModel table class: ``Row.__table__``, untyped in SQLModel."""
    table = inspect(row).local_table
    if not isinstance(table, Table):
        raise TypeError(f"{row.__name__} is not a table class")
    return table


__all__ = ["metadata", "one_of", "table_of"]
