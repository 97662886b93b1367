"""Spiders that observe accounts and store what they saw. They never judge."""
