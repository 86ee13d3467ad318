"""Stand-in extractors the run's tests put in the worker (``RunOptions.extractor``): a
document that never ends and workers that die, around the real ``extract_file``."""
from __future__ import annotations

import os
import re
import signal
from pathlib import Path

from extractors.pipeline import extract_file as real_extract_file


def extract_file(path, lang=None, stage=lambda step: None):
    name = Path(path).name
    if "stall" in name:
        stage("assembling rows")
        # Catastrophic backtracking: the regex engine runs in C and no signal stops it.
        re.match(r"(a+)+$", "a" * 64 + "b")
    if "die-once" in name:
        marker = Path(os.environ["RESTRACK_TEST_MARKS"]) / (name + ".died")
        if not marker.exists():
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
    if "die-always" in name:
        os.kill(os.getpid(), signal.SIGKILL)
    return real_extract_file(path, lang, stage=stage)
