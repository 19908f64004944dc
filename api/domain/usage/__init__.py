"""Partners' use of the API: requests, cost and throttled requests per day, and quota overrides."""
