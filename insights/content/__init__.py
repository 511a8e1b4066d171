"""Content packs: the model, reading and checking packs, the catalog as frames, citations."""
