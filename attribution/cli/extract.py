"""``attribution extract``, ``parse`` and ``download`` (placeholder, filled in by the extraction work)."""
