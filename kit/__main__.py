"""Run the kit's command line: ``python -m kit``."""

from kit.cli import main

raise SystemExit(main())
