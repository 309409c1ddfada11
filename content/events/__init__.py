"""events app."""
