"""Text made safe to print on a terminal.

A terminal obeys control characters: ESC starts sequences that move the
cursor, clear the screen, retitle the window or hide a line; BEL rings; CR
overwrites the line. Content is validated to hold none of them, but text can
reach a terminal by other ways (a results file, a file name, a file that
skipped validation), so every line is made safe as it is printed: each
control character other than line feed and tab, and each bidirectional
override (which can make a line read differently from what it holds),
becomes U+FFFD, the replacement character; so does each half of a character
that could not be decoded (a file name that is not UTF-8).
"""
from __future__ import annotations

import re
from typing import Any, TextIO

# Lone surrogates too: a file name that is not UTF-8 arrives as them, and no
# terminal encoding can print one.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def safe(text: str) -> str:
    """The text with every control character but line feed and tab replaced."""
    if text.isprintable():  # the common case, checked in C
        return text
    return _UNSAFE.sub(REPLACEMENT, text)


class SafeStream:
    """A text stream that passes every write through `safe`.

    The command line puts its standard output and error behind one, so that no
    print anywhere can send a control sequence to the terminal.
    """

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(safe(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
