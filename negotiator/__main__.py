"""``python -m negotiator``: the same as the ``negotiator`` command."""

from negotiator.cli import main

if __name__ == "__main__":
    main()
