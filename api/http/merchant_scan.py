# ruff: noqa: RUF001 - the page is Chinese text with full-width punctuation
"""The public scan-to-check page of a merchant (主动亮信、扫码查信): no token, no personal data.

A merchant's QR code encodes a signed link (``api.auth.scan_links``); opening it shows the
merchant's trading name, commerce district, today's colour, the indicator summary and the
date, Chinese first with English beside. A forged link answers 403 and says so; an expired one
410. The page is rendered here with inline CSS only, and its Content-Security-Policy forbids
loading anything at all (the one stylesheet is allowed by its hash).
"""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime
from html import escape

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from api.auth.scan_links import SCAN_PREFIX, LinkVerdict, ScanLinks
from api.crypto import Keys
from api.db.repositories import Repositories
from api.domain.clock import city_today
from api.domain.credit.codes import MerchantColour
from api.domain.merchants import services
from api.domain.merchants.categories import BY_CODE
from api.domain.merchants.model import Assessment, IndicatorStatus
from api.domain.subjects.model import DISTRICT_NAMES_ZH, Merchant

_STYLE = (
    "body{font-family:system-ui,'Noto Sans CJK SC','PingFang SC',sans-serif;margin:0;"
    "background:#f4f5f7;color:#1d232b}main{max-width:34rem;margin:0 auto;padding:1.2rem}"
    "h1{font-size:1.4rem;margin:.2rem 0}.en{color:#5b6470;font-size:.85em}"
    ".card{background:#fff;border-radius:.8rem;padding:1rem 1.2rem;margin:.8rem 0;"
    "box-shadow:0 1px 3px #0002}.colour{display:flex;align-items:center;gap:1rem}"
    ".dot{width:4.5rem;height:4.5rem;border-radius:50%;flex:none}"
    ".green{background:#1e9e4a}.blue{background:#1f6fd1}.yellow{background:#f0b400}"
    ".red{background:#d93025}.none{background:#9aa3ad}"
    "table{width:100%;border-collapse:collapse;font-size:.9rem}"
    "td,th{padding:.35rem .2rem;border-bottom:1px solid #e6e8eb;text-align:left}"
    "td.n{text-align:right;white-space:nowrap}.stale{color:#8a6d00}.missing{color:#9aa3ad}"
    "footer{font-size:.8rem;color:#5b6470;margin-top:1rem}"
)
_STYLE_HASH = base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()
#: Nothing may be loaded: no script, no image, no font, no connection; only our own style.
CSP = (
    f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; img-src 'none'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
_COLOUR_WORDS: dict[MerchantColour | None, tuple[str, str]] = {
    MerchantColour.GREEN: ("绿码", "Green"),
    MerchantColour.BLUE: ("蓝码", "Blue"),
    MerchantColour.YELLOW: ("黄码", "Yellow"),
    MerchantColour.RED: ("红码", "Red"),
    None: ("暂无评价", "Not yet assessed"),
}
_STATUS_WORDS = {
    IndicatorStatus.CURRENT: ("有效", "current"),
    IndicatorStatus.STALE: ("已过期", "stale"),
    IndicatorStatus.MISSING: ("暂无", "none"),
}


def _page(title_zh: str, title_en: str, body: str, status: int) -> HTMLResponse:
    html = (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title_zh)} · {escape(title_en)}</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}<footer>湖州市公共信用信息平台 · "
        '<span class="en" lang="en">Huzhou public credit platform</span></footer>'
        "</main></body></html>"
    )
    return HTMLResponse(html, status_code=status, headers=_HEADERS)


def _message(zh: str, en: str, detail_zh: str, detail_en: str, status: int) -> HTMLResponse:
    body = (
        f'<div class="card"><h1>{escape(zh)} <span class="en" lang="en">{escape(en)}</span></h1>'
        f'<p>{escape(detail_zh)}<br><span class="en" lang="en">{escape(detail_en)}</span></p></div>'
    )
    return _page(zh, en, body, status)


def _card(merchant: Merchant, found: Assessment) -> HTMLResponse:
    colour_zh, colour_en = _COLOUR_WORDS[found.colour]
    css = found.colour.value if found.colour else "none"
    score = f"{found.score}" if found.score is not None else "—"
    rows = []
    for result in found.indicators:
        category = BY_CODE[result.category]
        word_zh, word_en = _STATUS_WORDS[result.status]
        points = f"{result.points:.0f}" if result.points is not None else "—"
        day = result.as_of.isoformat() if result.as_of else "—"
        rows.append(
            f'<tr class="{result.status.value}"><td>{escape(category.name_zh)}<br>'
            f'<span class="en" lang="en">{escape(category.name)}</span></td>'
            f'<td class="n">{points}</td><td class="n">{day}</td>'
            f'<td>{word_zh} <span class="en" lang="en">{word_en}</span></td></tr>'
        )
    district_zh = DISTRICT_NAMES_ZH[merchant.district]
    body = (
        '<div class="card"><p class="en">商户信用 · <span lang="en">Merchant credit</span></p>'
        f"<h1>{escape(merchant.name)}</h1>"
        f"<p>{escape(merchant.commerce_district)} · {escape(district_zh)} "
        f'<span class="en" lang="en">({escape(merchant.district.name.title())})</span></p></div>'
        f'<div class="card colour"><div class="dot {css}" role="img" '
        f'aria-label="{colour_en}"></div><div><h1 id="colour">{colour_zh} '
        f'<span class="en" lang="en">{colour_en}</span></h1>'
        f'<p>综合得分 <span class="en" lang="en">Score</span> {score}<br>'
        f'评价日期 <span class="en" lang="en">As of</span> '
        f'<time id="as-of">{found.as_of.isoformat()}</time></p></div></div>'
        '<div class="card"><table><thead><tr><th>指标 <span class="en" lang="en">Indicator'
        '</span></th><th>得分 <span class="en" lang="en">Points</span></th>'
        '<th>日期 <span class="en" lang="en">As of</span></th>'
        '<th>状态 <span class="en" lang="en">Status</span></th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
    return _page(f"{merchant.name} · {colour_zh}", f"Merchant credit: {colour_en}", body, 200)


class MerchantScanPage:
    """Serves ``/scan/merchant/<ref>/<yyyymmdd>/<mac>`` to anyone."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], keys: Keys) -> None:
        self._sessions = sessions
        self._links = ScanLinks(keys.merchant_scan)

    async def handle(self, request: Request) -> HTMLResponse:
        """The merchant's card, or a page saying the link is forged, expired or gone."""
        params = request.path_params
        today = city_today(datetime.now(UTC))
        opened = self._links.open(params["ref"], params["until"], params["mac"], today)
        if opened.verdict is LinkVerdict.FORGED or opened.merchant_id is None:
            return _message(
                "链接无效",
                "Link not genuine",
                "此二维码链接未通过平台签名校验，可能是伪造的。请勿信任其内容。",
                "This code's link did not pass the platform's signature check; it may be "
                "forged. Do not trust it.",
                403,
            )
        if opened.verdict is LinkVerdict.EXPIRED:
            return _message(
                "链接已过期",
                "Link expired",
                f"此二维码已于 {opened.valid_until} 过期，请商户重新打印。",
                f"This code expired on {opened.valid_until}; the merchant should print a new one.",
                410,
            )
        async with self._sessions() as session:
            repos = Repositories(session)
            try:
                card = await services.public_card(
                    repos.merchant_indicators, opened.merchant_id, today=today
                )
            finally:
                await repos.close()
        if card is None:
            return _message(
                "商户不存在",
                "No such merchant",
                "该商户已不在平台登记。",
                "This merchant is no longer registered on the platform.",
                404,
            )
        return _card(*card)

    def routes(self) -> list[Route]:
        """The page's one route."""
        return [
            Route(SCAN_PREFIX + "/{ref}/{until}/{mac}", self.handle, methods=["GET"]),
        ]
