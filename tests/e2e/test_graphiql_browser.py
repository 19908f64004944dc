"""GraphiQL in a real browser (Debian's headless Chromium): our own assets, and it signs in.

The Authorize panel is driven with Playwright's Python package on the system's Chromium (no
browser of Playwright's own is downloaded or used).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Request,
    Response,
    expect,
    sync_playwright,
)

from tests.e2e.test_demo_server import free_port

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent
QUERY_NAME = "GreenEnterprises"  # the example operation the page opens with


def chromium() -> str:
    """Path of Debian's chromium; required under CI, else the test is skipped."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but chromium is not installed (.ci/run installs it)")
        pytest.skip("chromium not installed (apt-get install chromium)")
    return path


@dataclass(frozen=True)
class Platform:
    """A served platform and one bank partner's client credentials."""

    base: str
    client_id: str
    client_secret: str
    scopes: list[str]


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """The demo data on SQLite, a new bank partner, served by uvicorn on 127.0.0.1."""
    data_dir = tmp_path_factory.mktemp("graphiql")
    port = free_port()
    env = {**os.environ, "CREDIT_DATA_DIR": str(data_dir), "CREDIT_PORT": str(port)}
    env.pop("DATABASE_URL", None)
    for command in (["migrate"], ["seed", "--profile", "demo"]):  # the seed takes about 2.5 s
        subprocess.run(
            [BIN / "credit-platform", *command], env=env, check=True, capture_output=True
        )
    create = ["partners", "create", "--type", "bank", "--name", "GraphiQL Bank", "--json"]
    created = subprocess.run(
        [BIN / "credit-platform", *create], env=env, check=True, capture_output=True, text=True
    )
    partner = json.loads(created.stdout)
    process = subprocess.Popen(
        [BIN / "credit-platform", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "server not ready"
        time.sleep(0.3)
    try:
        yield Platform(base, partner["client_id"], partner["client_secret"], partner["scopes"])
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


@dataclass
class Recorder:
    """Every request a browser context sends, for the checks on where they went."""

    requests: list[Request] = field(default_factory=list)

    def record(self, request: Request) -> None:
        """Keep one request (Playwright calls this for each)."""
        self.requests.append(request)

    def to(self, suffix: str) -> list[Request]:
        """The requests whose URL ends with ``suffix``."""
        return [r for r in self.requests if r.url.endswith(suffix)]

    def outside(self, base: str) -> list[str]:
        """URLs of requests that left the platform's origin (``data:`` URLs stay in the page)."""
        origin = urlsplit(base)
        return [
            r.url
            for r in self.requests
            if urlsplit(r.url).scheme != "data"
            and (urlsplit(r.url).scheme, urlsplit(r.url).netloc) != (origin.scheme, origin.netloc)
        ]


def open_graphiql(browser: Browser, platform: Platform) -> tuple[BrowserContext, Page, Recorder]:
    """A fresh browser context on the GraphiQL page, its requests recorded, its clock ours."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    recorder = Recorder()
    context.on("request", recorder.record)
    page = context.new_page()
    page.clock.install()  # time runs as usual until the test moves it forward
    page.goto(f"{platform.base}/graphql")
    expect(page.locator(".graphiql-container")).to_be_visible()
    return context, page, recorder


def sign_in(page: Page, client_id: str, secret: str, scope: str = "") -> None:
    """Fill the Authorize panel and press Sign in."""
    page.get_by_label("Client ID").fill(client_id)
    page.get_by_label("Client secret").fill(secret)
    page.get_by_label("Scope", exact=True).fill(scope)
    page.get_by_role("button", name="Sign in").click()


def run_query(page: Page) -> Response:
    """Run the example operation with GraphiQL's run button; the platform's answer."""

    def is_ours(response: Response) -> bool:
        """The answer to the example operation (not to the schema's introspection)."""
        return response.request.method == "POST" and QUERY_NAME in (
            response.request.post_data or ""
        )

    with page.expect_response(is_ours) as answer:
        page.locator(".graphiql-execute-button").click()
    return answer.value


def is_introspection(response: Response) -> bool:
    """GraphiQL's introspection of the schema."""
    return response.request.method == "POST" and "__schema" in (response.request.post_data or "")


def bearer(request: Request) -> str | None:
    """The bearer token a request carried, if any."""
    authorization = request.headers.get("authorization")
    if authorization is None:
        return None
    scheme, _, token = authorization.partition(" ")
    assert scheme == "Bearer", authorization
    return token


def test_graphiql_renders_without_any_outside_network(platform: Platform, tmp_path: Path) -> None:
    """The page renders from our own assets; without a token the schema is not given out."""
    result = _chromium("--dump-dom", f"{platform.base}/graphql", profile=tmp_path / "profile")
    dom = result.stdout
    assert "graphiql-container" in dom, result.stderr[-2000:]
    assert QUERY_NAME in dom  # the example operation is in the editor
    assert "Loading GraphiQL" not in dom
    # Outside the demo introspection needs a token: GraphiQL shows why it has no schema.
    assert "Introspection needs an access token" in dom
    assert 'id="cp-client-secret"' in dom  # the Authorize panel is there
    shot = tmp_path / "graphiql.png"
    _chromium(
        f"--screenshot={shot}",
        "--window-size=1280,800",
        f"{platform.base}/graphql",
        profile=tmp_path / "p2",
    )
    assert shot.exists()
    assert shot.stat().st_size > 10_000


def test_signed_in_page_queries_with_a_token_renews_it_and_signs_out(
    platform: Platform, browser: Browser, tmp_path: Path
) -> None:
    """Sign in, see data, keep the secret out of storage, renew early, sign out (revoked)."""
    context, page, recorder = open_graphiql(browser, platform)
    try:
        # The anonymous page-load introspection (401) may still be in flight: wait for the
        # re-fetch that carries the token.
        with page.expect_response(
            lambda response: is_introspection(response) and bearer(response.request) is not None
        ) as introspection:
            sign_in(page, platform.client_id, platform.client_secret)
        assert introspection.value.status == 200  # the schema is fetched again, with the token
        assert bearer(introspection.value.request) is not None
        assert introspection.value.json()["data"]["__schema"]["queryType"]["name"] == "Query"
        session = page.locator("#cp-auth-session")
        expect(session).to_contain_text(f"Signed in as {platform.client_id}")
        expect(session).to_be_visible()
        expect(page.locator("#cp-auth-scopes li")).to_have_text(platform.scopes)
        (grant,) = recorder.to("/oauth/token")
        assert grant.method == "POST"
        assert grant.post_data == "grant_type=client_credentials"
        assert grant.headers["content-type"].startswith("application/x-www-form-urlencoded")
        scheme, _, basic = grant.headers["authorization"].partition(" ")
        assert (scheme, base64.b64decode(basic).decode()) == (
            "Basic",
            f"{platform.client_id}:{platform.client_secret}",
        )

        answer = run_query(page)
        assert answer.status == 200
        token = bearer(answer.request)
        assert token is not None
        nodes = answer.json()["data"]["enterprises"]["nodes"]
        assert len(nodes) == 10
        expect(page.locator(".graphiql-response")).to_contain_text(nodes[0]["uscc"])
        page.screenshot(path=tmp_path / "graphiql-signed-in.png")

        kept = page.evaluate(
            "() => JSON.stringify([Object.entries(localStorage),"
            " Object.entries(sessionStorage), document.cookie, location.href])"
        )
        assert QUERY_NAME in kept  # GraphiQL's own tab state is stored: the check reads it
        assert platform.client_secret not in kept
        assert token not in kept
        assert context.cookies() == []
        assert page.get_by_label("Client secret").input_value() == ""
        assert all(platform.client_secret not in r.url for r in recorder.requests)

        expires = page.locator("#cp-auth-expiry").get_attribute("datetime")
        page.clock.fast_forward("10:00")  # 10 of the token's 15 minutes: too early to renew
        page.wait_for_timeout(300)
        assert len(recorder.to("/oauth/token")) == 1
        with page.expect_request(lambda r: r.url.endswith("/oauth/token"), timeout=10_000):
            page.clock.fast_forward("04:00")  # 1.5 minutes before the expiry it renews
        expect(page.locator("#cp-auth").get_by_role("status")).to_contain_text("Token renewed")
        assert page.locator("#cp-auth-expiry").get_attribute("datetime") != expires
        renewed = bearer(run_query(page).request)
        assert renewed is not None
        assert renewed != token

        with page.expect_response(
            lambda r: r.url.endswith("/oauth/revoke"), timeout=10_000
        ) as revoked:
            page.get_by_role("button", name="Sign out").click()
        assert revoked.value.status == 200
        expect(page.locator("#cp-auth").get_by_role("status")).to_have_text(
            "Signed out; the token is revoked."
        )
        expect(page.get_by_label("Client ID")).to_be_visible()
        after = run_query(page)
        assert bearer(after.request) is None
        expect(page.locator(".graphiql-response")).to_contain_text("UNAUTHENTICATED")
        refused = httpx.post(
            f"{platform.base}/graphql",
            json={"query": "{ __typename }"},
            headers={"authorization": f"Bearer {renewed}"},
        )
        assert refused.status_code == 401  # the server no longer takes the revoked token
        assert recorder.outside(platform.base) == []
    finally:
        context.close()


def test_token_endpoint_answers_show_in_the_panel(
    platform: Platform, browser: Browser, tmp_path: Path
) -> None:
    """A wrong secret and an unknown scope show the endpoint's error; a scope narrows the token."""
    context, page, recorder = open_graphiql(browser, platform)
    try:
        alert = page.locator("#cp-auth").get_by_role("alert")
        sign_in(page, platform.client_id, "not-the-secret")
        expect(alert).to_contain_text("Sign-in failed: invalid_client")
        expect(page.locator("#cp-auth-session")).to_be_hidden()
        page.screenshot(path=tmp_path / "graphiql-wrong-secret.png")
        assert bearer(run_query(page).request) is None

        sign_in(page, platform.client_id, platform.client_secret, "enterprise:read no:such")
        expect(alert).to_contain_text("Sign-in failed: invalid_scope")

        sign_in(page, platform.client_id, platform.client_secret, "  enterprise:read  ")
        expect(page.locator("#cp-auth-session")).to_be_visible()
        expect(page.locator("#cp-auth-scopes li")).to_have_text(["enterprise:read"])
        expect(page.locator("#cp-auth-error")).to_be_empty()
        assert recorder.to("/oauth/token")[-1].post_data == (
            "grant_type=client_credentials&scope=enterprise%3Aread"
        )
        assert run_query(page).json()["data"]["enterprises"]["nodes"]
        assert recorder.outside(platform.base) == []
    finally:
        context.close()


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=15000",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
