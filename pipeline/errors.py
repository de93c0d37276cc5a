"""One exception for bad input: tools and demos print its message on one line and exit non-zero."""


class UserError(Exception):
    """Bad input from the user (a missing file, a wrong key, a checkpoint of another model...)."""
