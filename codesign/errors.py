"""Domain errors that services raise and the web layer turns into pages."""

from __future__ import annotations


class DomainError(Exception):
    """Base class; `message` is already translated."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The object does not exist, or the actor may not know that it does."""


class PermissionDenied(DomainError):
    """The actor may see the object but not do this to it."""


class ValidationFailed(DomainError):
    """Input broke a rule. `errors` maps a field name to a translated message."""

    def __init__(self, errors: dict[str, str], message: str = "") -> None:
        super().__init__(message)
        self.errors = errors


class RateLimited(DomainError):
    """Too many attempts; try again later."""


class InvalidTransition(DomainError):
    """A state change that the workflow does not allow from here."""
