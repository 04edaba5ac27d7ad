"""A tiny stand-in for the `jax` package (JAX cannot be installed here), for src/jobs/prove_slice.py.

`write(directory)` writes a package `jax` (with `jax.numpy`, `jax.lax`, `jax.distributed`) into
`directory`; put that directory on PYTHONPATH. It has just what prove_slice.py calls. Its behaviour is
set by environment variables:

  FAKE_JAX_DEVICES        chips JAX sees over all processes (default 8)
  FAKE_JAX_LOCAL_DEVICES  of which on this process (default: all)
  FAKE_JAX_PLATFORM       device platform (default "tpu")
  FAKE_JAX_PROCESS_INDEX  this process's index (default 0)
  FAKE_JAX_MATMUL_SCALE   multiplies every matmul result, to fake a wrong answer (default 1)
  FAKE_JAX_LOG            file that gets one line per notable call (jit, distributed.initialize, ...)

Arrays are constant matrices (every entry the same number), so a "matmul" is exact and instant.
"""

import os

INIT = '''
import os

from . import distributed, lax, numpy  # noqa: F401

_PLATFORM = os.environ.get("FAKE_JAX_PLATFORM", "tpu")
_GLOBAL = int(os.environ.get("FAKE_JAX_DEVICES", "8"))
_LOCAL = int(os.environ.get("FAKE_JAX_LOCAL_DEVICES") or _GLOBAL)
_PROCESS = int(os.environ.get("FAKE_JAX_PROCESS_INDEX", "0"))


def _log(line):
    path = os.environ.get("FAKE_JAX_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(line + "\\n")


class _Device:
    def __init__(self, index):
        self.id = index
        self.platform = _PLATFORM
        self.device_kind = "TPU v6 lite" if _PLATFORM == "tpu" else _PLATFORM


def devices():
    return [_Device(i) for i in range(_GLOBAL)]


def local_devices():
    return [_Device(_PROCESS * _LOCAL + i) for i in range(_LOCAL)]


def device_count():
    return _GLOBAL


def local_device_count():
    return _LOCAL


def process_index():
    return _PROCESS


def process_count():
    return max(1, _GLOBAL // max(1, _LOCAL))


def jit(function):
    _log("jit")
    return function


def device_put(array, device):
    _log("device_put %d" % device.id)
    return array
'''

NUMPY = '''
import os

bfloat16 = "bfloat16"


class Array:
    """An n x m matrix whose entries are all `value`."""

    def __init__(self, shape, value, dtype=None):
        self.shape = tuple(shape)
        self.value = float(value)
        self.dtype = dtype

    def block_until_ready(self):
        return self

    def __getitem__(self, index):
        return self.value


def full(shape, value, dtype=None):
    return Array(shape, value, dtype)


def matmul(a, b):
    scale = float(os.environ.get("FAKE_JAX_MATMUL_SCALE", "1"))
    return Array((a.shape[0], b.shape[1]), a.shape[1] * a.value * b.value * scale, a.dtype)
'''

LAX = '''
def fori_loop(lower, upper, body, init):
    value = init
    for i in range(lower, upper):
        value = body(i, value)
    return value
'''

DISTRIBUTED = '''
def initialize(*args, **kwargs):
    from . import _log

    _log("distributed.initialize")
'''

FILES = {"__init__.py": INIT, "numpy.py": NUMPY, "lax.py": LAX, "distributed.py": DISTRIBUTED}


def write(directory):
    """Writes the fake package to `directory`/jax; returns `directory` (for PYTHONPATH)."""
    package = os.path.join(directory, "jax")
    os.makedirs(package, exist_ok=True)
    for name, text in FILES.items():
        with open(os.path.join(package, name), "w", encoding="utf-8") as f:
            f.write(text.lstrip("\n"))
    return directory


if __name__ == "__main__":
    import sys

    print(write(sys.argv[1]))
