"""The ``vigie`` command: one entry point with a sub-command per program."""
