"""Village households and civility points (文明诚信码): rules, entries, codes, model households."""
