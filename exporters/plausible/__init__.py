"""The Plausible exporter: visitors, visits, pageviews, views per visit, bounce rate, visit
duration, top pages and sources over rolling windows, and current visitors, per product.

``python -m exporters.plausible``; docs/exporters/plausible.md describes it.
"""
