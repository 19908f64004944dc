"""Commitment-based fast-track approval (信易批): matters, commitments, decisions, outcomes."""
