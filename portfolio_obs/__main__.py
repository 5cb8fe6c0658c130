"""``python -m portfolio_obs``: the same as the ``portfolio-obs`` command."""

import sys

from portfolio_obs.cli import main

sys.exit(main())
