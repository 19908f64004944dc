"""Person scenarios: the incentive catalogue, pay after treatment, mobility discounts, coupons."""
