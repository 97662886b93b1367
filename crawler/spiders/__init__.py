"""One spider module per platform; `SPIDERS` maps a collector name to its spider."""
