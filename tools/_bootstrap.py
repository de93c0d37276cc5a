"""Puts the repository root on sys.path so `python tools/x.py` works from anywhere without installing."""
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
# mmengine imports a deprecated torch module, which resets the warning filters itself, so the
# warning (meaningless to users) is silenced at the display end.
_show, warnings.showwarning = warnings.showwarning, lambda *args, **kwargs: None
import mmengine.optim  # noqa: F401,E402
warnings.showwarning = _show
