"""Entry point of the portable build: the same command line as `replyall`."""
import sys

from game.cli import main

if __name__ == "__main__":
    sys.exit(main())
