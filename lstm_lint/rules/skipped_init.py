"""LL116: ``super(keras.Model, self).__init__()`` (``super(layers.Layer, self)`` in a layer class)
skips Keras's own ``__init__``: the object Keras makes raises when it is first used
(``binding/skipped_init.py`` finds them)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, List, Set, Tuple

from lstm_lint.config import Settings
from lstm_lint.graph.custom import custom_state
from lstm_lint.rules.base import Diagnostic, Rule

if TYPE_CHECKING:  # the engine (and libcst) load only when a file is linted
    from lstm_lint.engine import Program


class SkippedKerasInit(Rule):
    code = "LL116"
    name = "skipped-keras-init"
    summary = ("`super(keras.Model, self).__init__()` in a Model subclass (or `super(layers.Layer, self)` in a "
               "layer class): Keras's own `__init__` never runs.")
    what_it_does = ("Finds a `super(...)` call in the `__init__` of a subclass of `keras.Model` that names "
                    "`keras.Model` itself (in a subclass of `keras.layers.Layer`: `Layer`), run in every run that "
                    "makes the object. `super(X, self)` looks for `__init__` in the classes after `X`, so it "
                    "skips `X.__init__`: the Keras base class is never initialised. `super().__init__()` and "
                    "`super(MyModel, self).__init__()` are fine. The model's counts are then unknown.")
    why_is_this_bad = ("Keras 3 makes the object but raises as soon as it is used: a model raises `AttributeError: "
                       "'Net' object has no attribute '_dtype_policy'` when it is first called (`'name'`, "
                       "`'_parent_path'` or `'_trainable'` when it is built, summarised or printed); a layer "
                       "raises `RuntimeError: In layer 'Block', you forgot to call `super().__init__()` as the "
                       "first statement in the `__init__()` method` when it is first called. The code often "
                       "comes from Python 2, where `super` needed its arguments, with the class names mixed up.")
    example = ("class Net(keras.Model):\n    def __init__(self):\n        super(keras.Model, self).__init__()\n"
               "        self.dense = layers.Dense(4)")
    use_instead = ("class Net(keras.Model):\n    def __init__(self):\n        super().__init__()\n"
                   "        self.dense = layers.Dense(4)")
    VALID = ("import keras\nfrom keras import layers\n\n\nclass Net(keras.Model):\n"
             "    def __init__(self):\n        super(Net, self).__init__()\n        self.dense = layers.Dense(4)\n\n"
             "    def call(self, x):\n        return self.dense(x)\n\n\nmodel = Net()\nmodel(keras.Input((8,)))\n",
             "import keras\nfrom keras import layers\n\n\nclass Block(layers.Layer):\n"
             "    def __init__(self, **kwargs):\n        super().__init__(**kwargs)\n"
             "        self.dense = layers.Dense(4)\n\n"
             "    def call(self, x):\n        return self.dense(x)\n\n\nblock = Block()\n")
    INVALID = ("import keras\nfrom keras import layers\n\n\nclass Net(keras.Model):\n"
               "    def __init__(self):\n        super(keras.Model, self).__init__()  # LL116\n"
               "        self.dense = layers.Dense(4)\n\n"
               "    def call(self, x):\n        return self.dense(x)\n\n\nmodel = Net()\nmodel(keras.Input((8,)))\n",
               "import keras\nfrom keras import layers\n\n\nclass Block(layers.Layer):\n"
               "    def __init__(self):\n        super(layers.Layer, self).__init__()  # LL116\n"
               "        self.dense = layers.Dense(4)\n\n"
               "    def call(self, x):\n        return self.dense(x)\n\n\n"
               "inputs = keras.Input((8,))\nmodel = keras.Model(inputs, Block()(inputs))\n")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        seen: Set[Tuple[int, int]] = set()
        objects: List[object] = [*program.custom_models, *program.layers]
        for item in objects:
            state = custom_state(item)
            cause = state.skipped_init if state is not None else None
            if cause is None or (cause.line, cause.column) in seen:
                continue
            seen.add((cause.line, cause.column))
            yield self.at(cause.line, cause.column, f"{cause.message}: call super().__init__()")
