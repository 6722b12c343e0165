"""``python -m uncounted`` runs the command line."""

from uncounted.cli import main

main()
