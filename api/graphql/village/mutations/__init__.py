"""The village mutations, merged into the mutation root: rules, entries, model households."""

from __future__ import annotations

import strawberry

from api.auth.scopes import Scope
from api.graphql.permissions import requires
from api.graphql.village.mutations.entries import (
    CorrectCivilityEntryPayload,
    RecordCivilityEntryPayload,
    correct_civility_entry,
    record_civility_entry,
)
from api.graphql.village.mutations.nominations import (
    DecideModelHouseholdPayload,
    NominateModelHouseholdPayload,
    decide_model_household,
    nominate_model_household,
)
from api.graphql.village.mutations.rules import SaveVillageRulePayload, save_village_rule


@strawberry.type(description="Village committees' rules, points and model households.")
class VillageMutation:
    """The village mutations."""

    save_village_rule = strawberry.mutation(
        resolver=save_village_rule,
        graphql_type=SaveVillageRulePayload,
        **requires(
            Scope.VILLAGE_RULE_WRITE,
            description="Keep a village rule (村规民约) as a point rule: a new code, or the next "
            "version of one (entries keep the version they were scored under).",
        ),
    )
    record_civility_entry = strawberry.mutation(
        resolver=record_civility_entry,
        graphql_type=RecordCivilityEntryPayload,
        **requires(
            Scope.CIVILITY_POINTS_WRITE,
            description="Record an entry against a household of the village under a rule in "
            "force (points, or a dispute settled in the village); the rule's yearly cap holds.",
        ),
    )
    correct_civility_entry = strawberry.mutation(
        resolver=correct_civility_entry,
        graphql_type=CorrectCivilityEntryPayload,
        **requires(
            Scope.CIVILITY_POINTS_WRITE,
            description="Correct an entry with a reason: the correction is an entry of its own "
            "reversing the corrected one's points; an entry is corrected once.",
        ),
    )
    nominate_model_household = strawberry.mutation(
        resolver=nominate_model_household,
        graphql_type=NominateModelHouseholdPayload,
        **requires(
            Scope.CIVILITY_POINTS_WRITE,
            description="Nominate a household as the year's model household (诚信示范户): from "
            "the top of the village by points, with no member's serious record.",
        ),
    )
    decide_model_household = strawberry.mutation(
        resolver=decide_model_household,
        graphql_type=DecideModelHouseholdPayload,
        **requires(
            Scope.MODEL_HOUSEHOLD_APPROVE,
            description="The county's credit office approves or rejects a nomination; an "
            "approval records an honour for each member and puts it on the public list.",
        ),
    )
