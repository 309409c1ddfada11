"""reference app."""
