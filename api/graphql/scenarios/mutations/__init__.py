"""Scenario mutations: the catalogue, deferred accounts, discounts and coupons."""

from __future__ import annotations

import strawberry

from api.graphql.scenarios.mutations import catalogue, coupons, deferred, mobility


@strawberry.type(description="The incentive catalogue and the person scenarios.")
class ScenarioMutation:
    """Merged into the mutation root."""

    save_incentive_category = catalogue.save_incentive_category
    save_incentive_scenario = catalogue.save_incentive_scenario
    open_deferred_account = deferred.open_deferred_account
    record_deferred_charge = deferred.record_deferred_charge
    settle_deferred_account = deferred.settle_deferred_account
    redeem_mobility_discount = mobility.redeem_mobility_discount
    issue_coupons = coupons.issue_coupons
    redeem_coupon = coupons.redeem_coupon
