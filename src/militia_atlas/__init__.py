"""militia-atlas: YAML entries on armed groups, bases and attacks, published as an MkDocs site.

The pipeline, one module per stage, data flowing one way:
load -> validate -> index -> render -> publish (plugin.py / generate.py).
"""

__version__ = "0.1.0"
