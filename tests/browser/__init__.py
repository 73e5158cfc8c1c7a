"""Browser tests: real headless Chromium against built sites (see conftest.py)."""
