"""The printable scan code and the public scan-to-check page (in-process; the browser test is
tests/e2e/test_merchant_scan_browser.py)."""

from __future__ import annotations

import base64
import io
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import httpx
import zxingcpp
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.scan_links import ScanLinks
from api.auth.scopes import PartnerType
from api.crypto import Keys
from api.domain.clock import city_today
from api.domain.subjects.model import District
from tests.factories import Factory
from tests.gql import gql
from tests.merchant_support import GOOD, RECORD, observation, partner_with_token

TODAY = city_today(datetime.now(UTC))
SCAN_CODE = """
query Code($uscc: UnifiedSocialCreditCode!) {
  merchantScanCode(uscc: $uscc) { code { url validUntil pngBase64 } errors { field code } }
}
"""


def decode_qr(png_base64: str) -> list[str]:
    """The texts of the QR codes in a base64 PNG (zxing-cpp reading the image Pillow opened)."""
    image = Image.open(io.BytesIO(base64.b64decode(png_base64)))
    assert image.format == "PNG"
    return [found.text for found in zxingcpp.read_barcodes(image)]


async def _green_merchant(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> tuple[int, str, str]:
    merchant_id, uscc = await factory.merchant("东城时代", District.DEQING)
    _, token = await partner_with_token(client, session, PartnerType.COMMERCE_DISTRICT, "东城时代")
    for category, value in GOOD.items():
        body = await gql(
            client,
            RECORD,
            {"input": observation(uscc, category, value, TODAY - timedelta(days=3))},
            token=token,
        )
        assert body["data"]["recordMerchantIndicator"]["errors"] == []
    return merchant_id, uscc, token


async def test_the_qr_code_encodes_a_signed_url_that_shows_the_merchant_to_anyone(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    merchant_id, uscc, token = await _green_merchant(client, session, factory)
    body = await gql(client, SCAN_CODE, {"uscc": uscc}, token=token)
    code = body["data"]["merchantScanCode"]["code"]
    assert code["validUntil"] == (TODAY + timedelta(days=366)).isoformat()
    assert re.fullmatch(
        r"http://test/scan/merchant/[A-Za-z0-9_-]{32}/\d{8}/[A-Za-z0-9_-]{22}", code["url"]
    )
    assert str(merchant_id) not in urlsplit(code["url"]).path.split("/")
    assert decode_qr(code["pngBase64"]) == [code["url"]]
    page = await client.get(urlsplit(code["url"]).path, headers={"authorization": ""})
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    csp = page.headers["content-security-policy"]
    assert csp.startswith("default-src 'none'; style-src 'sha256-")
    assert "img-src 'none'" in csp
    assert page.headers["referrer-policy"] == "no-referrer"
    html = page.text
    assert html.startswith('<!doctype html><html lang="zh-CN">')
    assert f"个体商户{merchant_id}" in html
    assert "东城时代 · 德清县" in html
    assert '<h1 id="colour">绿码 <span class="en" lang="en">Green</span></h1>' in html
    assert f'<time id="as-of">{TODAY.isoformat()}</time>' in html
    assert html.count('<tr class="current">') == 11
    assert "消防安全" in html
    assert "Fire safety" in html
    assert uscc not in html  # no identifier, nothing personal
    assert not re.search(r"<script|<link|<img|src=|href=|@import|url\(", html)


async def test_a_forged_or_tampered_link_is_refused_and_an_expired_one_says_so(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory, keys: Keys
) -> None:
    merchant_id, _, _ = await _green_merchant(client, session, factory)
    links = ScanLinks(keys.merchant_scan)
    path = links.path(merchant_id, TODAY + timedelta(days=30))
    prefix, ref, until, mac = path.rsplit("/", 3)
    assert (await client.get(path)).status_code == 200
    other = ScanLinks(Keys.from_master(b"\x01" * 32).merchant_scan)
    tampered = [
        f"{prefix}/{ref}/{until}/{'A' * len(mac)}",  # a made-up MAC
        f"{prefix}/{ref}/99991231/{mac}",  # a later expiry under the old MAC
        f"{prefix}/{'B' * len(ref)}/{until}/{mac}",  # another merchant under the old MAC
        other.path(merchant_id, TODAY + timedelta(days=30)),  # signed with another key
        f"{prefix}/x/y/z",
    ]
    for forged in tampered:
        page = await client.get(forged)
        assert page.status_code == 403, forged
        assert "链接无效" in page.text
        assert "Link not genuine" in page.text
        assert "个体商户" not in page.text
    expired = await client.get(links.path(merchant_id, TODAY - timedelta(days=1)))
    assert expired.status_code == 410
    assert "链接已过期" in expired.text
    assert "Link expired" in expired.text
    assert "个体商户" not in expired.text
    assert (await client.get(links.path(merchant_id, TODAY))).status_code == 200  # its last day
    unobserved, _ = await factory.merchant("衣裳街")
    blank = await client.get(links.path(unobserved, TODAY + timedelta(days=1)))
    assert blank.status_code == 200
    assert (
        '<h1 id="colour">暂无评价 <span class="en" lang="en">Not yet assessed</span>' in blank.text
    )
    assert blank.text.count('<tr class="missing">') == 11
    gone = await client.get(links.path(987654321, TODAY + timedelta(days=1)))
    assert gone.status_code == 404
    assert "商户不存在" in gone.text


async def test_only_the_districts_operator_and_the_office_print_codes(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    _, uscc = await factory.merchant("小西街")
    _, operator = await partner_with_token(
        client, session, PartnerType.COMMERCE_DISTRICT, "东城时代"
    )
    refused = await gql(client, SCAN_CODE, {"uscc": uscc}, token=operator)
    assert refused["data"]["merchantScanCode"] == {
        "code": None,
        "errors": [{"field": "uscc", "code": "MERCHANT_NOT_IN_YOUR_DISTRICT"}],
    }
    _, regulator = await partner_with_token(client, session, PartnerType.REGULATOR)
    forbidden = await gql(client, SCAN_CODE, {"uscc": uscc}, token=regulator)
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    office = await gql(client, SCAN_CODE, {"uscc": uscc})
    assert decode_qr(office["data"]["merchantScanCode"]["code"]["pngBase64"]) == [
        office["data"]["merchantScanCode"]["code"]["url"]
    ]
