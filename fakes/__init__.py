"""Fake SaaS upstreams on loopback: GitHub, Plausible, Cloudflare and PostHog, answering like
the vendors' documented APIs (each module's docstring cites the pages it follows).

The tests run the exporters against them, and ``portfolio-obs demo`` serves them a moving
history (``fakes.history``) so the stack fills its dashboards without an account. They never
decide anything for an exporter: they store records and compute answers like the API does.
Nothing of ours imports them but the demo, the tests and the benchmarks (import contracts).
"""
