"""Shared fixtures: a depthlab kernel started through jupyter_client with the project-local kernelspec."""
import pytest
from jupyter_client.manager import start_new_kernel


@pytest.fixture
def kernel(request):
    cwd = getattr(request, "param", None)
    km, kc = start_new_kernel(kernel_name="depthlab", **({"cwd": cwd} if cwd else {}))
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)
