"""Review flags: a running programme the engine would now decide more restrictively."""
