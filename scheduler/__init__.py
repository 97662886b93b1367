"""The `patrol` command line and the daemon: the only package that wires the others."""
