"""Credit records: what departments report about subjects."""
