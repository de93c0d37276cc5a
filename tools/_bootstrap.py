"""Puts the repository root on sys.path so `python tools/x.py` works from anywhere without installing."""
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
with warnings.catch_warnings():
    # mmengine imports a deprecated torch module at import time; the warning means nothing to users.
    warnings.simplefilter('ignore')
    import mmengine.optim  # noqa: F401,E402
