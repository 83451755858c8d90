"""``python -m labsim`` runs the ``labsim`` command."""

from labsim.cli import main

main()
