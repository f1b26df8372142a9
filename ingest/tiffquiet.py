"""Keep libtiff's warnings off stderr.

Scanner TIFFs carry private tags and odd layouts; libtiff prints a warning line for each, straight to the
process's stderr, hundreds per batch, drowning the messages officials need to read. Its warning handler is
turned off once, in the copy of libtiff Pillow loaded (errors still reach Pillow, which raises on them).
"""

from __future__ import annotations

import ctypes
import logging
import threading
from pathlib import Path

log = logging.getLogger(__name__)
_lock = threading.Lock()
_done = False


def silence() -> None:
    """Turn libtiff's warning handler off (once per process; a no-op where libtiff cannot be found)."""
    global _done
    with _lock:
        if _done:
            return
        _done = True
        from PIL import Image

        Image.init()  # loads Pillow's C core, and with it libtiff
        for path in _loaded_libtiffs():
            try:
                library = ctypes.CDLL(path)
                library.TIFFSetWarningHandler.restype = ctypes.c_void_p
                library.TIFFSetWarningHandler.argtypes = [ctypes.c_void_p]
                library.TIFFSetWarningHandler(None)
            except (OSError, AttributeError) as error:
                log.info("libtiff warnings not silenced (%s)", error)


def _loaded_libtiffs() -> list[str]:
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return []
    paths = {
        line.split()[-1]
        for line in maps.splitlines()
        if "libtiff" in line and line.split()[-1].startswith("/")
    }
    return sorted(paths)
