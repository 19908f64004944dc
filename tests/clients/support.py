"""Shared by the client's tests: where the client lives, and its generator loaded as a module."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = ROOT / "clients"


def load_generator() -> ModuleType:
    """``clients/generate.py`` (a script, not a package) imported under its own name."""
    if "clients_generate" in sys.modules:
        return sys.modules["clients_generate"]
    spec = importlib.util.spec_from_file_location("clients_generate", CLIENTS / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["clients_generate"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module
