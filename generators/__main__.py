"""Entry point for `python -m generators`."""

import gc

from generators.cli import main

exit_code = main()
gc.freeze()  # nothing is needed after this: the interpreter's exit no longer walks every object still alive
raise SystemExit(exit_code)
