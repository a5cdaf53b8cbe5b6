"""Reviewing a whole article: its sentences, the claims each takes a position on, and a summary."""
