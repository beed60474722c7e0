"""What a test needs from the machine, and what to do when it is missing.

Locally a missing server or browser skips the test with the reason; under
``CI=true`` it fails, because CI installs everything the suite needs.
"""

from __future__ import annotations

import os
import shutil

import pytest

from bench.harness.common import free_port

__all__ = ["IN_CI", "free_port", "need_executable"]

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def need_executable(name: str, why: str) -> str:
    """The path of ``name``; skip (locally) or fail (in CI) when it is not installed."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed ({why}); .ci/run installs it"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path
