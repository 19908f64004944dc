"""The credit context: records and their intake, evaluations, repair, rule sets, exemptions."""
