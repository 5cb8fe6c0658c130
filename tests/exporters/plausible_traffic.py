"""Fixture traffic of two Plausible sites and the values computed from it by hand.

Times are relative to ``now``. alpha.example (product alpha) has these visits; a visitor who
comes back (u1, u3) is one visitor, so visitors are not the sum of anything:

| visit | visitor | started  | source        | pages                   | views | duration |
|-------|---------|----------|---------------|-------------------------|-------|----------|
| v0    | u7      | now-2m   | Twitter       | /                       | 1     | 0        |
| v1    | u1      | now-1h   | Google        | /, /pricing             | 2     | 60       |
| v2    | u2      | now-2h   | Google        | /                       | 1     | 0        |
| v3    | u3      | now-3h   | Direct / None | /, /blog, /pricing      | 3     | 120      |
| v4    | u3      | now-5h   | Direct / None | /docs                   | 1     | 0        |
| v8    | u8      | now-6h   | Google        | /pricing                | 1     | 0        |
| v9    | u9      | now-7h   | Direct / None | /                       | 1     | 0        |
| v5    | u4      | now-2d   | Google        | /, /about               | 2     | 60       |
| v6    | u5      | now-3d   | Google        | /pricing                | 1     | 0        |
| v10   | u1      | now-4d   | Google        | /                       | 1     | 0        |
| v7    | u6      | now-10d  | Google        | /                       | 1     | 0        |

docs.beta.example (product beta): b1 (d1, now-30m, Google, /docs) and b2 (d2, now-2d,
Direct / None, /docs then /docs/api 90 s later).
"""

from __future__ import annotations

from fakes.plausible import Visit, visit

MIN, HOUR, DAY = 60.0, 3600.0, 86400.0
DIRECT = "Direct / None"


def traffic(now: float) -> dict[str, list[Visit]]:
    return {
        "alpha.example": [
            visit("u7", now - 2 * MIN, "Twitter", "/"),
            visit("u1", now - 1 * HOUR, "Google", "/", "/pricing"),
            visit("u2", now - 2 * HOUR, "Google", "/"),
            visit("u3", now - 3 * HOUR, DIRECT, "/", "/blog", "/pricing"),
            visit("u3", now - 5 * HOUR, DIRECT, "/docs"),
            visit("u8", now - 6 * HOUR, "Google", "/pricing"),
            visit("u9", now - 7 * HOUR, DIRECT, "/"),
            visit("u4", now - 2 * DAY, "Google", "/", "/about"),
            visit("u5", now - 3 * DAY, "Google", "/pricing"),
            visit("u1", now - 4 * DAY, "Google", "/"),
            visit("u6", now - 10 * DAY, "Google", "/"),
        ],
        "docs.beta.example": [
            visit("d1", now - 30 * MIN, "Google", "/docs"),
            visit("d2", now - 2 * DAY, DIRECT, "/docs", "/docs/api", gap=90),
        ],
    }


# Hand-computed, with top 2 pages and sources. 24h: v0 v1 v2 v3 v4 v8 v9; 7d adds v5 v6 v10.
EXPECTED: dict[tuple[str, str], dict[str, float]] = {
    ("alpha", "24h"): {
        "plausible_visitors": 6,  # u7 u1 u2 u3 u8 u9 (u3 twice)
        "plausible_visits": 7,
        "plausible_pageviews": 10,  # 1 + 2 + 1 + 3 + 1 + 1 + 1
        "plausible_views_per_visit": 1.43,  # 10 / 7 = 1.428..., Plausible rounds to 2 places
        "plausible_bounce_rate_ratio": 0.71,  # 5 of 7 visits saw one page: 71 % -> 0.71
        "plausible_visit_duration_seconds": 26,  # (60 + 120) / 7 = 25.7 -> 26
    },
    ("alpha", "7d"): {
        "plausible_visitors": 8,  # + u4 u5 (u1 is back)
        "plausible_visits": 10,
        "plausible_pageviews": 14,  # 10 + 2 + 1 + 1
        "plausible_views_per_visit": 1.4,  # 14 / 10
        "plausible_bounce_rate_ratio": 0.7,  # 7 of 10
        "plausible_visit_duration_seconds": 24,  # (60 + 120 + 60) / 10
    },
    ("beta", "24h"): {
        "plausible_visitors": 1,
        "plausible_visits": 1,
        "plausible_pageviews": 1,
        "plausible_views_per_visit": 1.0,
        "plausible_bounce_rate_ratio": 1.0,  # 100 %
        "plausible_visit_duration_seconds": 0,
    },
    ("beta", "7d"): {
        "plausible_visitors": 2,
        "plausible_visits": 2,
        "plausible_pageviews": 3,
        "plausible_views_per_visit": 1.5,
        "plausible_bounce_rate_ratio": 0.5,  # b1 of b1 b2
        "plausible_visit_duration_seconds": 45,  # 90 / 2
    },
}
# (product, period) -> label value -> visitors; "other" is asked from Plausible (visitors of
# every other value), not summed: alpha 24h's /blog and /docs rows would sum to 2, but both
# are u3, one visitor.
PAGES: dict[tuple[str, str], dict[str, float]] = {
    ("alpha", "24h"): {"/": 5, "/pricing": 3, "other": 1},  # /: u7 u1 u2 u3 u9
    ("alpha", "7d"): {"/": 6, "/pricing": 4, "other": 2},  # other: u3 (/blog /docs), u4
    ("beta", "24h"): {"/docs": 1, "other": 0},  # one page: nothing else to ask
    ("beta", "7d"): {"/docs": 2, "/docs/api": 1, "other": 0},
}
SOURCES: dict[tuple[str, str], dict[str, float]] = {
    ("alpha", "24h"): {"Google": 3, DIRECT: 2, "other": 1},  # other: Twitter (u7)
    ("alpha", "7d"): {"Google": 5, DIRECT: 2, "other": 1},  # Google: u1 u2 u8 u4 u5
    ("beta", "24h"): {"Google": 1, "other": 0},
    ("beta", "7d"): {DIRECT: 1, "Google": 1, "other": 0},  # a tie: Plausible's order
}
REALTIME = {"alpha": 1, "beta": 0}  # a pageview in the last 5 minutes: u7 at now-2m
