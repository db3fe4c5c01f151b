"""Participant modules: the shared module frame, content loaders and the interactive pieces.

A module page (``modules/<name>.py``, served by Voila) is thin: it builds a
:class:`kit.modules.frame.ModuleFrame` and displays the widgets the factories return. Texts live
in ``modules/<name>/`` and ``assessments/`` (Markdown and YAML a non-programmer can review, read by
:mod:`kit.content_reader`); logic lives here and is
unit-tested without a browser. See ``kit/modules/README.md`` for the frame's API.
"""
