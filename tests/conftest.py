"""Shared test configuration: hypothesis profiles and markers.

``ci`` (the default) keeps the property suite (tests/properties) to about two minutes on two
cores: a few dozen examples per property, no deadline (the machine is shared), and derandomized,
so every run tests the same examples and a failure reproduces. ``thorough`` explores, with many
more examples and a fresh random seed each run::

    python -m pytest tests/properties --hypothesis-profile=thorough
    HYPOTHESIS_PROFILE=thorough python -m pytest tests/properties
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    derandomize=True,  # (implies no example database: nothing is written under .hypothesis/)
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    print_blob=True,
)
settings.register_profile(
    "thorough",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    print_blob=True,
)
# For triage: a few examples, no shrinking.
settings.register_profile(
    "triage",
    max_examples=8,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes more than a few seconds")
