"""The partner API of a city's public credit platform."""

__version__ = "0.1.0"
