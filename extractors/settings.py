"""Where restrack finds its trained models and training data: one place for every path.

The rule data (``lang/<code>/``, ``data/``) ships inside the package and is found through
the package itself. Models and training data live beside the project (``models/``,
``data/``) in a checkout; an installed wheel carries the models as the ``restrack_models``
package. ``RESTRACK_HOME`` names another project folder (one holding ``models/`` and
``data/``) and wins over both, so a wheel can be pointed at retrained models.
"""
from __future__ import annotations

import os
from functools import cache
from pathlib import Path

HOME_ENV = "RESTRACK_HOME"
# The checkout this package was imported from, if it is one (an installed wheel has no
# ``models/`` beside its packages).
_CHECKOUT = Path(__file__).resolve().parents[1]


def home() -> Path:
    """The project folder: ``$RESTRACK_HOME``, else the checkout the code runs from."""
    env = os.environ.get(HOME_ENV, "").strip()
    return Path(env).expanduser().resolve() if env else _CHECKOUT


def models_dir() -> Path:
    """Trained pipelines (``<lang>/pipeline``), their configs and ``registry.json``."""
    beside = home() / "models"
    if beside.is_dir() or os.environ.get(HOME_ENV):
        return beside
    return _packaged_models() or beside


@cache
def _packaged_models() -> Path | None:
    try:
        import restrack_models  # the wheel's copy of models/
    except ImportError:
        return None
    return Path(restrack_models.__path__[0])


def data_dir() -> Path:
    """Training data and sample documents (``ner/``, ``raw/``) of the project folder."""
    return home() / "data"
