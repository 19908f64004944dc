"""The credit engine: publicity periods, rule sets, scoring, codes, exemptions and repair."""
