"""Every incentive operator: who checks and redeems each scenario, and its use rules."""
