"""``portfolio-obs``: the one command of an installed portfolio-observability.

Each subcommand hands its arguments to an existing entry point (the generators, the stack
runner, an exporter, the CI reporter, the publisher); ``check-config`` and ``init`` are its
own. Nothing imports this package: it sits above everything else.
"""
