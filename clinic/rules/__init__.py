"""The engine's rules as a page a clinician can read, generated from the engine's own data."""
