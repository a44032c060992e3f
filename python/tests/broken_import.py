"""A module whose own import fails, for the `call` tests: not a missing target but a user error."""

import no_such_dependency_of_broken_import  # noqa: F401


def f() -> None:
    """Never reached."""
