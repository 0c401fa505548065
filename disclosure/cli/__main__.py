"""`python -m disclosure.cli ...`: the `disclosure` command."""

from disclosure.cli import main

if __name__ == "__main__":
    main()
