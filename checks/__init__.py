"""Pure checks: observations (plus rules, dictionaries and an as-of time) in, typed findings out.

Nothing here touches the network, a database session or the clock, and nothing here imports
another package of this project.
"""
