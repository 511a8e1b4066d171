"""The one exception the package raises for bad input: it says which file and field."""

from __future__ import annotations


class PackError(ValueError):
    """A problem in one content file, located by file and field (``claims[3].theme``)."""

    def __init__(self, file: str, field: str, message: str) -> None:
        super().__init__(f"{file}: {field}: {message}" if field else f"{file}: {message}")
        self.file = file
        self.field = field
        self.message = message

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PackError) and (self.file, self.field, self.message) == (
            other.file,
            other.field,
            other.message,
        )

    def __hash__(self) -> int:
        return hash((self.file, self.field, self.message))

    def __reduce__(self) -> tuple[type[PackError], tuple[str, str, str]]:
        # Anything that pickles it (a copying cache, a worker process) must keep all three parts.
        return (PackError, (self.file, self.field, self.message))
