"""Bulk credit work: evaluating every subject, importing record files, the daily jobs.

The rules stay in ``api.domain.credit``; this package only moves facts in and evaluations out
in bulk (server-side reads by subject-id range, worker processes, COPY on PostgreSQL).
"""
