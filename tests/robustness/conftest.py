"""Hypothesis profiles: HYPOTHESIS_PROFILE=dev|ci|thorough picks one; CI (CI=true) gets ``ci``.

The default run stays quick (hypothesmith's grammar strategy is slow); ``thorough`` is for a long
hunt: ``HYPOTHESIS_PROFILE=thorough python -m pytest tests/robustness``.
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_SLOW_GENERATION = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]
settings.register_profile("dev", max_examples=20, deadline=None, suppress_health_check=_SLOW_GENERATION)
# CI: a fixed seed, so that a red run is reproducible and a green one not luck.
settings.register_profile("ci", max_examples=30, deadline=None, derandomize=True, database=None,
                          suppress_health_check=_SLOW_GENERATION)
settings.register_profile("thorough", max_examples=3000, deadline=None, suppress_health_check=_SLOW_GENERATION)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
