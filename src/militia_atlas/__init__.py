"""militia-atlas: YAML entries on armed groups, bases and attacks, published as an MkDocs site.

The pipeline, one module per stage, data flowing one way:
load -> validate -> index -> render -> publish (plugin.py / generate.py).
"""

__version__ = "0.1.0"


def _use_properdocs_where_mkdocs_is_absent() -> None:
    """With ProperDocs (the maintained fork of MkDocs 1.x) and no MkDocs installed, `militia-atlas` runs on
    ProperDocs: its `replacement` module makes every `mkdocs.*` import load `properdocs.*`, as the
    `properdocs` command does for plugins (docs-dev/FUTURE.md)."""
    import importlib.util

    if importlib.util.find_spec("mkdocs") is None and importlib.util.find_spec("properdocs") is not None:
        import properdocs.replacement  # noqa: F401


_use_properdocs_where_mkdocs_is_absent()
