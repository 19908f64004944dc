"""Scan to check a merchant in a real browser (Debian's headless Chromium, driven by
Playwright): the operator prints the code through the API, the QR decodes to the signed URL,
and the public page shows the merchant with no token and no request leaving the platform."""

from __future__ import annotations

import base64
import io
import json
import os
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, expect, sync_playwright

from tests.e2e.test_demo_server import free_port
from tests.e2e.test_graphiql_browser import BIN, Recorder, chromium

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Served:
    """The platform on 127.0.0.1, a merchant of 东城时代 and its printed code."""

    base: str
    merchant_name: str
    url: str
    png: bytes


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [BIN / "credit-platform", *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def _document_id(name: str) -> str:
    manifest = json.loads((ROOT / "schema/operations/manifest.json").read_text())
    return str(
        next(
            d["id"]
            for d in manifest["documents"]
            if d["name"] == name and "commerce_district" in d["partnerTypes"]
        )
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The demo data on SQLite, a district operator of 东城时代, served by uvicorn."""
    data_dir = tmp_path_factory.mktemp("scan")
    port = free_port()
    env = {**os.environ, "CREDIT_DATA_DIR": str(data_dir), "CREDIT_PORT": str(port)}
    env.pop("DATABASE_URL", None)
    _cli(env, "migrate")
    _cli(env, "seed", "--profile", "demo", "--no-match-index")
    create = ["partners", "create", "--type", "commerce_district", "--name", "东城时代", "--json"]
    partner = json.loads(_cli(env, *create))
    _cli(env, "merchants", "bind-operator", "--partner-id", str(partner["partner_id"]),
         "--district", "东城时代")  # fmt: skip
    with sqlite3.connect(data_dir / "credit-platform.db") as db:
        uscc, name = db.execute(
            "SELECT uscc, name FROM merchants WHERE commerce_district = '东城时代' "
            "ORDER BY subject_id LIMIT 1"
        ).fetchone()
    process = subprocess.Popen(
        [BIN / "credit-platform", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "server not ready"
            time.sleep(0.3)
        token = httpx.post(
            f"{base}/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(partner["client_id"], partner["client_secret"]),
        ).json()["access_token"]
        # Commerce districts run only their trusted documents: sent by id.
        answer = httpx.post(
            f"{base}/graphql",
            json={"documentId": _document_id("MerchantScanCode"), "variables": {"uscc": uscc}},
            headers={"authorization": f"Bearer {token}"},
        )
        assert answer.status_code == 200, answer.text
        code = answer.json()["data"]["merchantScanCode"]["code"]
        yield Served(base, name, code["url"], base64.b64decode(code["pngBase64"]))
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright."""
    executable = chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
        )
        try:
            yield launched
        finally:
            launched.close()


def test_the_printed_code_opens_the_merchants_page_in_a_browser(
    served: Served, browser: Browser, tmp_path: Path
) -> None:
    image = Image.open(io.BytesIO(served.png))
    assert [found.text for found in zxingcpp.read_barcodes(image)] == [served.url]
    assert served.url.startswith(f"{served.base}/scan/merchant/")
    context = browser.new_context(viewport={"width": 420, "height": 900}, locale="zh-CN")
    recorder = Recorder()
    context.on("request", recorder.record)
    try:
        page = context.new_page()
        response = page.goto(served.url)
        assert response is not None
        assert response.status == 200
        expect(page.locator("h1").first).to_have_text(served.merchant_name)
        expect(page.locator("#colour")).to_contain_text("码")
        body = page.locator("body").inner_text()
        assert "东城时代 · 德清县" in body
        assert "湖州市公共信用信息平台" in body
        assert "消费者满意度" in body
        assert "Consumer satisfaction" in body
        assert page.locator("tbody tr").count() == 11
        assert page.locator("#as-of").inner_text() == page.evaluate(
            "() => new Intl.DateTimeFormat('en-CA', {timeZone: 'Asia/Shanghai'}).format(new Date())"
        )
        assert page.evaluate("() => document.documentElement.lang") == "zh-CN"
        shot = tmp_path / "merchant-scan.png"
        page.screenshot(path=shot, full_page=True)
        assert shot.stat().st_size > 10_000
        assert [r.url for r in recorder.requests] == [served.url]
        assert recorder.outside(served.base) == []
    finally:
        context.close()


def test_a_forged_link_says_so_in_the_browser(
    served: Served, browser: Browser, tmp_path: Path
) -> None:
    path = urlsplit(served.url).path
    prefix, mac = path.rsplit("/", 1)
    forged = f"{served.base}{prefix}/{'A' * len(mac)}"
    context = browser.new_context(locale="zh-CN")
    recorder = Recorder()
    context.on("request", recorder.record)
    try:
        page = context.new_page()
        response = page.goto(forged)
        assert response is not None
        assert response.status == 403
        expect(page.locator("h1")).to_contain_text("链接无效")
        expect(page.locator("h1")).to_contain_text("Link not genuine")
        assert served.merchant_name not in page.content()
        page.screenshot(path=tmp_path / "merchant-scan-forged.png")
        assert recorder.outside(served.base) == []
    finally:
        context.close()
