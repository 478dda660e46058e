"""Reading a file the user named, bounded: never a device, a pipe or more than a cap."""
from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegularFile(OSError):
    """A device, a pipe or a socket where a file was expected."""


class FileTooBig(Exception):
    def __init__(self, size: int):
        super().__init__(size)
        self.size = size


def read_capped(path: Path | str, cap: int) -> bytes:
    """At most `cap` + 1 bytes of a regular file (one more than allowed shows it is too big).

    The file is opened without blocking and checked on its descriptor, so a
    FIFO with no writer or /dev/zero gives an error at once instead of a hang
    or an endless read, and nothing can swap the file between check and read.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        mode = info.st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(mode):
            raise NotRegularFile("is not a regular file (a device, pipe or socket); content must be a file")
        if info.st_size > cap:
            raise FileTooBig(info.st_size)
        chunks = []
        left = cap + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
