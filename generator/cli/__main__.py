"""``python -m generator.cli``: the ``portal`` command."""

from generator.cli import main

main()
