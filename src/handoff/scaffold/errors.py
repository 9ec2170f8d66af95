class ScaffoldError(Exception):
    """A scaffold request that cannot be carried out (bad name, non-empty DEST, template
    error, unreadable weights): the message says what and where; the CLI exits 2."""
