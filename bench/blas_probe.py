"""Which BLAS a torch process really calls, for the PyTorch references of bench/training.ts and bench/regions.ts.

Debian's torch is built with BLAS_INFO=generic: libtorch_cpu calls sgemm_/dgemm_ from whatever libblas.so.3 the
system's alternatives (or LD_LIBRARY_PATH) point to. With `apt-get install --no-install-recommends python3-torch`
that is Debian's netlib reference BLAS (libblas3), a plain triple loop on one thread, several times slower than
OpenBLAS; a benchmark against it says nothing about PyTorch. Several BLAS libraries can be mapped at once (Debian's
liblapack.so.3 from OpenBLAS pulls in libopenblas beside a netlib libblas.so.3), so the library is found the way the
dynamic linker finds it for torch: the sgemm_ that libtorch_cpu's own dependency order resolves, then the file
that holds that address (dladdr).

Run it to see what this machine has: `/usr/bin/python3 bench/blas_probe.py` (add --json for the fields).
"""
import ctypes
import json
import os
import re
import sys
from dataclasses import dataclass

import torch

# Set DEPTHLAB_BENCH_REFERENCE_BLAS=1 to time PyTorch on the netlib reference BLAS anyway (marked in the report).
ALLOW_REFERENCE = "DEPTHLAB_BENCH_REFERENCE_BLAS"


class _DlInfo(ctypes.Structure):
    _fields_ = [("fname", ctypes.c_char_p), ("fbase", ctypes.c_void_p), ("sname", ctypes.c_char_p), ("saddr", ctypes.c_void_p)]


@dataclass
class Blas:
    """What probe() found. `kind`: "OpenBLAS", "MKL", "BLIS", "ATLAS" or "reference" (netlib, or a library that
    exports none of the others' entry points); `handle`: the library's ctypes handle (None if not found)."""

    kind: str
    version: str
    path: str
    handle: object
    torch_blas_info: str

    @property
    def reference(self):
        return self.kind == "reference"

    def threads(self):
        """The BLAS's own thread count (OpenBLAS, MKL, BLIS), 1 for the single-threaded reference, else None."""
        if self.reference:
            return 1
        for name in ("openblas_get_num_threads", "MKL_Get_Max_Threads", "bli_thread_get_num_threads"):
            fn = getattr(self.handle, name, None)
            if fn is not None:
                return int(fn())
        return None

    def set_threads(self, n):
        """Sets the BLAS's own thread count where it has one (torch.set_num_threads does not reach it)."""
        if self.kind == "OpenBLAS":
            self.handle.openblas_set_num_threads(n)
        elif self.kind == "MKL":
            self.handle.MKL_Set_Num_Threads(n)
        elif self.kind == "BLIS":
            self.handle.bli_thread_set_num_threads(ctypes.c_long(n))

    def describe(self):
        """One line for a report: BLAS, version, file and threads, with a loud mark on the reference BLAS."""
        threads = self.threads()
        name = "netlib reference BLAS" if self.reference else self.kind
        line = f"{name} {self.version} ({self.path}), {threads if threads is not None else '?'} BLAS thread(s)"
        return f"NOT A FAIR REFERENCE: {line}" if self.reference else line

    def as_json(self):
        return {
            "torch": torch.__version__,
            "torchThreads": torch.get_num_threads(),
            "torchBlasInfo": self.torch_blas_info,
            "blasKind": self.kind,
            "blasVersion": self.version,
            "blasPath": self.path,
            "blasThreads": self.threads(),
            "blasReference": self.reference,
            "blas": self.describe(),
        }


def _sgemm_library():
    """The real path of the file whose sgemm_ libtorch_cpu calls (its own dependency order), or None."""
    torch.ones(8, 8) @ torch.ones(8, 8)  # makes sure the BLAS is loaded and bound
    with open("/proc/self/maps") as maps:
        mapped = sorted({line.split()[-1] for line in maps if "/" in line})
    scopes = [lib for lib in mapped if "libtorch_cpu" in os.path.basename(lib)] or [None]  # None: the global scope
    libc = ctypes.CDLL(None)
    for lib in scopes:
        try:
            scope = ctypes.CDLL(lib, mode=os.RTLD_NOLOAD | os.RTLD_LAZY) if lib else libc
            address = ctypes.cast(scope.sgemm_, ctypes.c_void_p).value
        except (OSError, AttributeError):
            continue
        info = _DlInfo()
        if libc.dladdr(ctypes.c_void_p(address), ctypes.byref(info)) and info.fname:
            return os.path.realpath(info.fname.decode())
    return None


def _text(handle, name):
    fn = getattr(handle, name, None)
    if fn is None:
        return None
    fn.restype = ctypes.c_char_p
    return fn().decode().strip()


def probe():
    """The BLAS torch calls: Blas(kind, version, path, handle, torch_blas_info)."""
    info = re.search(r"BLAS_INFO=([^,\s]*)", torch.__config__.show())
    blas_info = info.group(1) if info else "not shown"
    path = _sgemm_library()
    if path is None:
        return Blas("unknown", "", "sgemm_ not found", None, blas_info)
    handle = ctypes.CDLL(path)
    if hasattr(handle, "openblas_get_config"):
        config = _text(handle, "openblas_get_config")  # "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH ... Haswell ..."
        return Blas("OpenBLAS", config.removeprefix("OpenBLAS ").strip(), path, handle, blas_info)
    if hasattr(handle, "MKL_Get_Max_Threads"):
        buf = ctypes.create_string_buffer(256)
        getattr(handle, "MKL_Get_Version_String", lambda b, n: None)(buf, 256)
        return Blas("MKL", buf.value.decode().strip() or blas_info, path, handle, blas_info)
    if hasattr(handle, "bli_info_get_version_str"):
        return Blas("BLIS", _text(handle, "bli_info_get_version_str"), path, handle, blas_info)
    if hasattr(handle, "ATL_buildinfo"):
        return Blas("ATLAS", "", path, handle, blas_info)
    # Debian's netlib libblas3 (/usr/lib/<arch>/blas/libblas.so.3.X.Y, X.Y.Z the LAPACK release it comes from)
    release = re.search(r"\.so\.(\d+\.\d+\.\d+)$", path)
    return Blas("reference", release.group(1) if release else "(version unknown)", path, handle, blas_info)


def require_fair(blas, what):
    """Exits (status 3) when torch calls the reference BLAS, unless DEPTHLAB_BENCH_REFERENCE_BLAS=1; else warns."""
    if not blas.reference:
        return
    why = (
        f"{what}: torch calls the netlib reference BLAS ({blas.path}), not an optimised one: PyTorch's times would "
        "say nothing about PyTorch. Install one (Debian: apt-get install libopenblas0-pthread) or set "
        f"{ALLOW_REFERENCE}=1 to run anyway, marked in the report."
    )
    if os.environ.get(ALLOW_REFERENCE) != "1":
        print(why, file=sys.stderr)
        sys.exit(3)
    print(f"WARNING {why}", file=sys.stderr)


if __name__ == "__main__":
    found = probe()
    if "--json" in sys.argv:
        json.dump(found.as_json(), sys.stdout, indent=1)
        print()
    else:
        print(f"torch {torch.__version__} (BLAS_INFO={found.torch_blas_info}), {torch.get_num_threads()} intra-op thread(s)")
        print(f"BLAS: {found.describe()}")
