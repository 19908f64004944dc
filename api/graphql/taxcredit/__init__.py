"""The GraphQL side of the tax-credit inputs: the tax bureau's rating reports."""
