"""The subjects context: enterprises, merchants, households and Relay's node lookup."""
