"""Search over claims by words (English and Spanish stems, concepts, names) and by meaning."""
