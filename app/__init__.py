"""Kratom Evidence API: a read-only, cited and graded map of the kratom evidence."""
