"""The approvals part of the scope matrix's pool: a department, a signing and an outcome."""

from __future__ import annotations

import uuid
from typing import Any


def approval_variables(uscc: str, resident_id: str) -> dict[str, Any]:
    """Inputs for the 信易批 operations (the matter and commitment need not exist)."""
    return {
        "approvalDepartment": "matrix",
        "approvalCommitment": {
            "matterCode": "MATRIX-1",
            "residentId": resident_id,
            "idempotencyKey": str(uuid.uuid4()),
        },
        "windowCommitment": {
            "matterCode": "MATRIX-1",
            "uscc": uscc,
            "idempotencyKey": str(uuid.uuid4()),
        },
        "approvalOutcome": {
            "reference": "XYP-NOT-A-COMMITMENT",
            "department": "matrix",
            "kept": True,
            "summary": "矩阵核查",
            "idempotencyKey": str(uuid.uuid4()),
        },
    }
