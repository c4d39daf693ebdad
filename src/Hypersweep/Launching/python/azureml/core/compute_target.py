"""v1's compute target errors."""


class ComputeTargetException(Exception):
    """A compute target could not be found or created."""
