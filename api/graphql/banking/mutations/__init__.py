"""Banking mutations: products, green profiles and tax paid, financing needs and lines."""

from __future__ import annotations

import strawberry

from api.graphql.banking.mutations import financing, green, products


@strawberry.type(description="Bank scenarios: products, needs, lines, green profiles.")
class BankingMutation:
    """Merged into the mutation root."""

    create_loan_product = products.create_loan_product
    update_loan_product = products.update_loan_product
    publish_loan_product = products.publish_loan_product
    retire_loan_product = products.retire_loan_product
    update_green_profile = green.update_green_profile
    report_tax_paid = green.report_tax_paid
    post_financing_need = financing.post_financing_need
    claim_financing_need = financing.claim_financing_need
    report_credit_line = financing.report_credit_line
