"""`python -m bot.cli`: the `registratiebot` command."""

from bot.cli import main

raise SystemExit(main())
