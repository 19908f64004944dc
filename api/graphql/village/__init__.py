"""The village households' GraphQL: rules, civility entries, household files, model households."""
