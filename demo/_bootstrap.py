"""Puts the repository root on sys.path (as tools/_bootstrap.py does) and quiets MediaPipe's C++ logging."""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault('GLOG_minloglevel', '2')
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
import tools._bootstrap  # noqa: F401,E402  (the shared part: silences mmengine's import-time warning)
