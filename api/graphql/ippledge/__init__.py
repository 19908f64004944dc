"""The GraphQL side of IP pledge financing: types, queries and the bank's registration."""
