"""Puts the repository root on sys.path so `python demo/x.py` works from anywhere without installing."""
import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault('GLOG_minloglevel', '2')  # MediaPipe's C++ logging
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
warnings.filterwarnings('ignore')
_show, warnings.showwarning = warnings.showwarning, lambda *args, **kwargs: None
import mmengine.optim  # noqa: F401,E402  (imports a deprecated torch module that resets warning filters)
warnings.showwarning = _show
