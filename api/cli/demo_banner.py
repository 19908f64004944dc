"""What ``credit-platform demo`` prints: where it listens, the partners' credentials and
ready-to-run examples."""

from __future__ import annotations

import json
import sys

from api.auth.partners import IssuedCredentials
from api.auth.scopes import PartnerType
from api.settings import Settings


def command_name() -> str:
    """How the user ran this command (``.venv/bin/credit-platform``), for lines they copy."""
    invoked = sys.argv[0] if sys.argv else ""
    return invoked if "/" in invoked else "credit-platform"


def print_demo_banner(
    url: str, settings: Settings, samples: dict[str, str], credentials: list[IssuedCredentials]
) -> None:
    """How to try the demo: where it listens, the partners' credentials, a query to run."""
    uscc = samples.get("enterprise_uscc_many_records", "")
    bank = next(c for c in credentials if c.partner_type is PartnerType.BANK)
    print(f"\nCredit platform demo on {settings.resolved_database_url}")
    print(f"  GraphiQL:  {url}/graphql   (open in a browser; sign in with a partner below)")
    print(f"  Health:    {url}/healthz   {url}/readyz   Metrics: {url}/metrics")
    print("  Demo partners (client_id / client_secret; new secrets on each demo run):")
    for issued in credentials:
        print(f"    {issued.partner_type.value:<18} {issued.client_id}  {issued.client_secret}")
    print("  Try (as the bank):")
    print(
        f"    TOKEN=$(curl -s -u '{bank.client_id}:{bank.client_secret}' "
        f"-d grant_type=client_credentials {url}/oauth/token "
        "| python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])')"
    )
    print(
        f'    curl -s {url}/graphql -H "Authorization: Bearer $TOKEN" '
        "-H 'content-type: application/json' -d "
        '\'{"query":"query($u: UnifiedSocialCreditCode!){enterprise(uscc:$u){name district '
        'taxGrade creditRecords(first:3){nodes{category summary department{name}}}}}",'
        f'"variables":{{"u":"{uscc}"}}}}\''
    )
    if "loan_product_id" in samples:
        print("  Then the bank's green-loan candidates, ranked and explained:")
        print(
            f'    curl -s {url}/graphql -H "Authorization: Bearer $TOKEN" '
            "-H 'content-type: application/json' -d "
            '\'{"query":"query($p: ID!){loanCandidates(productId:$p,first:5){candidates{nodes{'
            "score enterprise{uscc name} checks{criterion met detail} lifts{component points}}}"
            ' errors{code message}}}",'
            f'"variables":{{"p":"{samples["loan_product_id"]}"}}}}\''
        )
    _print_scan_example(
        url,
        credentials,
        PartnerType.HOSPITAL,
        "a patient shows the integrity code for pay after treatment",
        "PayAfterTreatmentEligibility",
        {"code": samples.get("code_pay_after_treatment")},
    )
    _print_scan_example(
        url,
        credentials,
        PartnerType.MOBILITY_OPERATOR,
        "a driver shows the code at a car park",
        "MobilityDiscountEligibility",
        {"scenarioCode": "parking-discount", "mobilityCode": samples.get("code_mobility_discount")},
    )
    if "resident_id" in samples:
        print(
            f"  Codes last an hour; a fresh one: {command_name()} persons issue-code "
            f"--resident-id {samples['resident_id']} --purpose pay_after_treatment"
        )
    print(f'  In another shell, every partner\'s credentials: eval "$({command_name()} demo-env)"')
    sys.stdout.flush()


def _print_scan_example(
    url: str,
    credentials: list[IssuedCredentials],
    partner_type: PartnerType,
    story: str,
    document: str,
    variables: dict[str, str | None],
) -> None:
    """A ready-to-run scan: the partner's token, then its trusted document with the code."""
    if any(value is None for value in variables.values()):
        return
    from api.graphql.trusted import id_of

    partner = next(c for c in credentials if c.partner_type is partner_type)
    variable = partner_type.name
    body = json.dumps({"documentId": id_of(document), "variables": variables})
    print(f"  Try (as the {partner_type.value.replace('_', ' ')}: {story}):")
    print(
        f"    {variable}=$(curl -s -u '{partner.client_id}:{partner.client_secret}' "
        f"-d grant_type=client_credentials {url}/oauth/token "
        "| python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])')"
    )
    print(
        f'    curl -s {url}/graphql -H "Authorization: Bearer ${variable}" '
        f"-H 'content-type: application/json' -d '{body}'"
    )
