"""Which BLAS library a torch process really loaded (Debian's torch calls the system libblas.so.3)."""
import ctypes
import os

import torch


def openblas():
    """(handle, config, path): the loaded OpenBLAS's ctypes handle and openblas_get_config(), or (None, None, paths)
    when the library loaded is not OpenBLAS. `path` names the library file(s) read from /proc/self/maps."""
    torch.ones(8, 8) @ torch.ones(8, 8)  # makes torch load its BLAS
    with open("/proc/self/maps") as maps:
        libs = sorted({line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line})
    for lib in libs:
        try:
            blas = ctypes.CDLL(lib)
            blas.openblas_get_config.restype = ctypes.c_char_p
            return blas, blas.openblas_get_config().decode(), os.path.realpath(lib)
        except (OSError, AttributeError):
            continue
    return None, None, ", ".join(os.path.realpath(lib) for lib in libs) or "none loaded"
