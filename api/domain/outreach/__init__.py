"""Credit repair outreach: the notices a repair case owes, delivered, read and followed up."""
