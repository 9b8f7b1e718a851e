"""Shared test configuration.

Under CI (the ``CI`` environment variable is set, as ``.ci/run`` is run), the
hypothesis property tests use fixed examples and no example database, so a CI
run passes or fails the same way every time; locally they explore new examples
on each run.
"""

from __future__ import annotations

import os

from hypothesis import settings

# the command-line tests' shared fixtures (runner)
pytest_plugins = ["tests.cli_support"]

settings.register_profile("ci", derandomize=True, database=None, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")
