"""What every test process pays before its first test stays small."""

from __future__ import annotations

from pathlib import Path


def test_hypothesis_loads_without_pytests_assert_rewriting():
    """Rewritten, its modules were compiled again in each test process (tests/conftest.py)."""
    import hypothesis.core
    import hypothesis.strategies

    assert "@py_builtins" not in vars(hypothesis.core)
    assert "@py_builtins" not in vars(hypothesis.strategies)
    assert "@py_builtins" in globals()  # a test module is rewritten: the check can tell


def test_the_rewritten_test_modules_are_kept_as_bytecode():
    """Even with PYTHONDONTWRITEBYTECODE set: each test process reads them, not rewrites them."""
    cached = Path(__file__).parent / "__pycache__"
    assert list(cached.glob(f"{Path(__file__).stem}.*-pytest-*.pyc"))
