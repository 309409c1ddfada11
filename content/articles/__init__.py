"""articles app."""
