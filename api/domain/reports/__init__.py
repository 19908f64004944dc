"""Special credit reports (专项信用报告): one numbered, signed report across all departments.

A report replaces the "no violation record" certificates a firm or person collected from each
department (domain.md, "Workflows the report names"). ``model`` holds the vocabulary,
``numbers`` the report number, ``rules`` the pure decisions (period, domains, which records
are reported and how), ``document`` the canonical JSON and its content hash, ``signing`` the
compact JWS; ``services`` are the use cases (issue, verify) over the ports in ``ports``.
Nothing here commits: the caller's unit of work does.
"""
