"""Keep libtiff's warnings and error lines off stderr.

Scanner TIFFs carry private tags and odd layouts, and damaged fax data yields a line per bad code word;
libtiff prints each straight to the process's stderr, hundreds per batch, drowning the messages officials
need to read. Its handlers are turned off once, in the copy of libtiff Pillow loaded: a frame libtiff cannot
decode still fails in Pillow, which raises, and the reader records that as a coded error.
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
    """Turn libtiff's warning and error handlers off (once per process; a no-op where libtiff cannot be found)."""
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
                for setter in (library.TIFFSetWarningHandler, library.TIFFSetErrorHandler):
                    setter.restype = ctypes.c_void_p
                    setter.argtypes = [ctypes.c_void_p]
                    setter(None)
                log.debug("libtiff messages silenced in %s", path)
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
