"""`python -m interact_cli`: the same first step as the installed command (see entry.py)."""

from interact_cli.entry import main

main()
