"""``python -m stack_runner`` (``make stack``)."""

import sys

from stack_runner.supervisor import main

sys.exit(main())
