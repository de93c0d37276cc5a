"""Checking an output folder before hours of work go into it."""
import tempfile
from pathlib import Path

from pipeline.errors import UserError


def prepare_output_dir(path):
    """Create `path` if needed and prove it is writable, or raise a UserError saying why not."""
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as e:
        raise UserError(f'output folder {path} is not writable: {e.strerror}') from None
    return path
