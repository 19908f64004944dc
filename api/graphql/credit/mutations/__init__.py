"""Credit mutations: record intake, repair, rule sets and the exemption list."""

from __future__ import annotations

import strawberry

from api.graphql.credit.mutations import exemptions, intake, repair, rule_sets


@strawberry.type(
    description="Report credit records; credit repair, rule sets and the exemption list."
)
class CreditMutation:
    """Merged into the mutation root (in this order: intake, repair, rule sets, exemptions)."""

    record_commitment = intake.record_commitment
    record_commitment_outcome = intake.record_commitment_outcome
    record_honour = intake.record_honour
    record_voluntary_service = intake.record_voluntary_service
    record_licence = intake.record_licence
    record_penalty = intake.record_penalty
    record_enforcement = intake.record_enforcement
    record_dishonesty_list_entry = intake.record_dishonesty_list_entry
    record_criminal_record = intake.record_criminal_record
    apply_for_credit_repair = repair.apply_for_credit_repair
    decide_credit_repair = repair.decide_credit_repair
    publish_rule_set = rule_sets.publish_rule_set
    activate_rule_set = rule_sets.activate_rule_set
    add_exempt_matter = exemptions.add_exempt_matter
    retire_exempt_matter = exemptions.retire_exempt_matter
