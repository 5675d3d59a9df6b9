"""The error pull gives for a deck or an outline it will not touch: one line, no traceback.
A leaf module, so that every part of pull can raise it."""

from __future__ import annotations

from ..errors import BuildError


class PullError(BuildError):
    """A deck that cannot be pulled: no manifest, no outline, unreadable, or refused."""
