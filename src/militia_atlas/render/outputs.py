"""What the render stage makes: files for the docs tree, each a source path and its content.

A file is made now (`OutputFile`) or later (`PendingFile`: a published build makes pages and data
files in a second process, core/parallel.py; a live preview writes data files after the pages).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Union


@dataclass(frozen=True)
class OutputFile:
    """A file to add to the docs tree, made: Markdown or HTML pages, data files, assets."""

    src: str
    content: Union[str, bytes]


@dataclass(frozen=True)
class PendingFile:
    """A file to add to the docs tree, made when `make` is called."""

    src: str
    make: Callable[[], Union[str, bytes]]


def content_of(output) -> Union[str, bytes]:
    """The file's content, made now if it is pending."""
    return output.make() if isinstance(output, PendingFile) else output.content


def made(output) -> OutputFile:
    """The file made (see `content_of`)."""
    return OutputFile(output.src, output.make()) if isinstance(output, PendingFile) else output
