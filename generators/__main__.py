"""Entry point for `python -m generators`."""

from generators.cli import main

raise SystemExit(main())
