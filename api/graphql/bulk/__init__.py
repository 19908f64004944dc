"""Bulk operations (Shopify's names): start one, follow it, cancel it, download its file.

``bulkOperationRunQuery(query:)`` or ``(documentId:)`` checks the document (``documents``,
``plans``) and creates the operation; ``credit-platform worker`` runs it (``api.bulk``).
``bulkOperation(id:)`` and ``currentBulkOperation`` show its status and progress and, once
COMPLETED, a signed link to the JSON Lines file (``links``).
"""
