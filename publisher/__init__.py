"""``python -m publisher``: upload the generated dashboards to a live Grafana, or diff them.

Above the pipeline, like ``stack_runner``: it reads the generated ``dashboards/*.json`` and talks
to Grafana's HTTP API through grafana-client; nothing imports it. ``diff`` compares dashboards
semantically, ``grafana`` publishes them, ``__main__`` is the command line.
"""
