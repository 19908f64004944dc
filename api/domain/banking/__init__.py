"""Bank scenarios: green identification, loan products and matching, financing needs, tax-credit
loans, credit lines and post-loan tracking (issue #7)."""
