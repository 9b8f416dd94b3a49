"""The one exception a service raises when it refuses to do something a person asked for.

`Refused` carries a message written for that person ("the message is empty", "this call was
already sent"); views and the API show it as it is. Any other exception is a bug: a view never
shows its text (a `ValueError` from deep inside a library says nothing a user can act on).
"""

from __future__ import annotations


class Refused(Exception):
    """A domain refusal with a message for a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
