"""Fixture traffic of the Cloudflare exporter tests, with the values computed by hand.

Two zones. ``alpha.example`` (pro plan, named in portfolio.yaml, so resolved through ``GET
/zones``) serves 100 requests a minute, every minute:

    status  cache    requests  bytes each  edge TTFB  origin
    200     hit            90        2000      20 ms    0 ms
    200     miss            5        5000     120 ms  100 ms
    404     dynamic         3         500      60 ms   40 ms
    503     dynamic         2         300     900 ms  850 ms

so 207,100 bytes a minute (90 x 2000 + 5 x 5000 + 3 x 500 + 2 x 300), 2% of its requests are
5xx (above alpha's 1% error threshold and 20 times its 0.1% availability error budget). The
minute starting at ``SPECIAL`` (NOW + 60 s) has 10 more requests, 502 dynamic, 100 bytes
each, 1500 ms TTFB and 1400 ms at the origin. Its firewall counts 3 block, 1
managed_challenge and 7 log events a minute: 4 threats (log does not mitigate).

``beta`` (free plan, given by zone id) serves 50 requests a minute: 40 200 hit of 1000 bytes,
8 301 none of 200 bytes, 2 500 dynamic of 100 bytes (41,800 bytes; 4% 5xx), 1 block a minute.
The free plan has no quantile fields and no health checks.
"""

from __future__ import annotations

from typing import Any

from fakes.cloudflare import FakeCloudflare, Group, Zone

NOW = 1_800_000_000.0  # 2027-01-15T08:00:00Z, a whole minute
TOKEN = "cloudflare-test-token-0123456789"
ALPHA_ID = "a1" * 16
BETA_ID = "0123456789abcdef0123456789abcdef"
SPECIAL = NOW + 60
ALPHA_MINUTE = (
    Group(200, "hit", 90, bytes_each=2000, ttfb_ms=20, origin_ms=0),
    Group(200, "miss", 5, bytes_each=5000, ttfb_ms=120, origin_ms=100),
    Group(404, "dynamic", 3, bytes_each=500, ttfb_ms=60, origin_ms=40),
    Group(503, "dynamic", 2, bytes_each=300, ttfb_ms=900, origin_ms=850),
)
EXTRA = Group(502, "dynamic", 10, bytes_each=100, ttfb_ms=1500, origin_ms=1400)
BETA_MINUTE = (
    Group(200, "hit", 40, bytes_each=1000),
    Group(301, "none", 8, bytes_each=200),
    Group(500, "dynamic", 2, bytes_each=100),
)
ALPHA_BYTES = 90 * 2000 + 5 * 5000 + 3 * 500 + 2 * 300  # 207,100 a minute
BETA_BYTES = 40 * 1000 + 8 * 200 + 2 * 100  # 41,800 a minute
HEALTHCHECKS: list[dict[str, Any]] = [
    {
        "id": "c1" * 16,
        "name": "origin-web",
        "address": "web.alpha.example",
        "type": "HTTPS",
        "status": "healthy",
        "failure_reason": "",
        "suspended": False,
    },
    {
        "id": "c2" * 16,
        "name": "origin-api",
        "address": "api.alpha.example",
        "type": "HTTPS",
        "status": "unhealthy",
        "failure_reason": "Response code mismatch error",
        "suspended": False,
    },
    {
        "id": "c3" * 16,
        "name": "legacy",
        "address": "old.alpha.example",
        "type": "TCP",
        "status": "suspended",
        "failure_reason": "",
        "suspended": True,
    },
]


def load(fake: FakeCloudflare, start: float, before: int = 90, after: int = 90) -> None:
    """The two zones with ``before`` minutes of traffic before ``start`` and ``after`` after
    (``start`` a whole minute); the extra 502s in the minute after ``start``."""
    alpha = fake.add_zone(Zone(ALPHA_ID, "alpha.example", "pro", healthchecks=HEALTHCHECKS))
    beta = fake.add_zone(Zone(BETA_ID, "beta.example", "free"))
    fake.add_zone(Zone("f0" * 16, "alpha.example.org", "pro"))  # a name that only starts alike
    for k in range(-before, after):
        minute = int(start) + 60 * k
        alpha.minutes[minute] = list(ALPHA_MINUTE) + ([EXTRA] if k == 1 else [])
        alpha.firewall[minute] = {"block": 3, "managed_challenge": 1, "log": 7}
        beta.minutes[minute] = list(BETA_MINUTE)
        beta.firewall[minute] = {"block": 1}
