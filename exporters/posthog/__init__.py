"""PostHog exporter: feature adoption, funnels, experiments and cohorts of each product's
PostHog project, through the query API (``python -m exporters.posthog``, :9104)."""
