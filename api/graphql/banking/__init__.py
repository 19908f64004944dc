"""The banking context: loan products and matching, financing needs, credit lines, green data."""
