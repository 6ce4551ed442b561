"""Regenerate resources/demo.cgw from app/demo.py: python scripts/make_demo.py [TARGET]."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.demo import build_demo  # noqa: E402

if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "resources/demo.cgw")
    build_demo(target)
    print(f"wrote {target}")
