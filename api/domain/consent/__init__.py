"""Consent, purpose and integrity codes: who may read a subject's data, for what, and until when.

``model`` holds the vocabulary, ``rules`` the pure decisions, ``ports`` what the use cases
need from storage and keys; the use cases are ``codes``, ``consents``, ``access`` and
``persons``. Nothing here commits: the caller's unit of work does.
"""
