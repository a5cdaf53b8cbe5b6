"""Release history: the releases loaded here, what changed between two, and their Atom feed."""
