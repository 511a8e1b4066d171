"""A pitch: its items and URL form, and the talk it resolves to (cited points, figures, notes)."""
