"""The scenarios context: incentives, pay after treatment, mobility discounts, coupons."""
