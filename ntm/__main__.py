"""`python -m ntm`: the command line (ntm/cli/main.py)."""

from ntm.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
