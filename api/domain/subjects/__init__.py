"""Subjects that hold credit: persons, enterprises, merchants and households."""
