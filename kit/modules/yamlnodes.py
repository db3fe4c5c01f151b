"""Former home of the located content reader; it is now :mod:`kit.content_reader`.

Kept as a name only: :class:`ContentError` and the node reader are re-exported from there.
"""

from __future__ import annotations

from kit.content_reader import Bail, ContentError, NodeReader

__all__ = ["Bail", "ContentError", "NodeReader"]
