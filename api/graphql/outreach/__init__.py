"""Repair outreach in the schema: a person's notices in the citizen app, the credit office's
outreach queue, acknowledgements, follow-up results and statistics."""

from api.graphql.outreach.mutations import OutreachMutation
from api.graphql.outreach.queries import OutreachQuery

__all__ = ["OutreachMutation", "OutreachQuery"]
