"""The optimizer classes whose constructors take ``learning_rate`` and reject Keras 2's ``lr``.

``keras/src/optimizers/base_optimizer.py``: BaseOptimizer raises "Argument(s) not recognized" on any
keyword it does not know, and Keras 3 no longer knows ``lr`` (tf.keras 2 took it as a deprecated
alias of ``learning_rate``). These are the classes of ``keras.optimizers`` since Keras 3.0; a test
checks each against the installed Keras.
"""
from __future__ import annotations

LEARNING_RATE_OPTIMIZERS = ("Adadelta", "Adafactor", "Adagrad", "Adam", "AdamW", "Adamax", "Ftrl", "Lion",
                            "Nadam", "RMSprop", "SGD")
