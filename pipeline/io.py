"""Atomic output: a file appears complete under its final name or not at all."""
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import UserError

_UMASK = os.umask(0)
os.umask(_UMASK)


@contextmanager
def atomic_write(path):
    """Yields a temporary path beside `path`; on success it is renamed to `path`, on failure removed."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f'.{path.name}.', suffix='.tmp', dir=path.parent)
        os.close(fd)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes private files; outputs get the usual mode
    except OSError as e:
        raise UserError(f'cannot write to {path.parent}: {e.strerror}') from None
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as e:
        raise UserError(f'cannot write {path}: {e.strerror}') from None
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def write_json(path, obj, indent=2):
    """`obj` as JSON at `path`, atomically."""
    with atomic_write(path) as tmp, open(tmp, 'w') as f:
        json.dump(obj, f, indent=indent)
