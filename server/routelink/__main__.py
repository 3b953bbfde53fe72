"""`python -m routelink` entry point."""

from routelink.cli import main

if __name__ == "__main__":
    main()
