"""The optimizer classes whose constructors take ``learning_rate`` and reject Keras 2's ``lr``.

``keras/src/optimizers/base_optimizer.py``: BaseOptimizer raises "Argument(s) not recognized" on any
keyword it does not know, and Keras 3 no longer knows ``lr`` (tf.keras 2 took it as a deprecated
alias of ``learning_rate``). The classes are those whose signatures ``layers/api.py`` declares with
that rename, so the two cannot drift apart; a test checks each against the installed Keras.
"""
from __future__ import annotations

from lstm_lint.layers.api import SIGNATURES

LEARNING_RATE_OPTIMIZERS = tuple(sorted(
    path.split(".", 1)[1] for path, signature in SIGNATURES.items()
    if path.startswith("optimizers.") and ("lr", "learning_rate") in signature.renamed))
