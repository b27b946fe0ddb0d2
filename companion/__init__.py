"""Tend's companion: a local service that keeps a personal network on the user's own disk."""

__version__ = "0.1.0"

# Bumped when the HTTP API changes incompatibly; the extension compares it to what it was built for.
API_LEVEL = 1
