"""Reply Allpocalypse: a game and quiz about email storms and email security."""

__version__ = "0.1.0"
