"""The consent context: reading a person, consents, integrity codes and the access log."""
