"""A static evaluator of Python that knows nothing of Keras.

It follows a module statement by statement, in the order Python runs them, over values it can know
statically, and it is *sound*: where a value may differ between runs of the program (a branch or loop
it cannot decide, a call whose effects it does not follow), the value is ``UNKNOWN``. Everything a
library means (Keras layers, tensors, models) is delegated to a ``Host`` (``host.py``).
"""
