"""The graphical game (pygame-ce). Nothing outside game/ui and game/cli imports this package."""
import os

# pygame prints a banner on import; a player should not see it in their terminal
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
