"""What the render stage makes: files for the docs tree, each a source path and its content."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputFile:
    """A file to add to the docs tree: Markdown pages and any other file."""

    src: str
    content: str  # or, from a view's `extra_files`, a function making it (see `made`)


def content_of(output: OutputFile):
    """The file's content, made now when it was given as a function (a view's data file: a
    published build makes those in a second process, see parallel.py)."""
    return output.content() if callable(output.content) else output.content


def made(output: OutputFile) -> OutputFile:
    """The file with its content made (see `content_of`)."""
    return OutputFile(output.src, content_of(output)) if callable(output.content) else output
