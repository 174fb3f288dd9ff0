"""Domain errors. Views turn them into Dutch messages; the API into problem+json."""


class DomainError(Exception):
    """A business rule refused the request; ``message`` is already translated for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotVisible(DomainError):
    """The actor may not see this object. Always answered as 404, never with a hint."""

    def __init__(self) -> None:
        super().__init__("Niet gevonden.")


class PermissionDenied(DomainError):
    """The actor can see the object but may not perform this action on it."""
