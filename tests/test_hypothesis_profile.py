"""The property tests run without a per-example deadline (a loaded machine is not a bug)."""

import time

from hypothesis import given, settings
from hypothesis import strategies as st


def test_profile_has_no_deadline() -> None:
    assert settings.default.deadline is None


@given(st.integers(min_value=0, max_value=1))
def test_a_slow_example_is_not_a_failure(n: int) -> None:
    time.sleep(0.25 + 0.01 * n)  # longer than hypothesis's 200 ms default deadline
