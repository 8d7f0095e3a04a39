"""LL115: a layer called with arguments Keras 3's ``Layer.__call__`` refuses: a Python value given
positionally to a Keras layer, and, for a layer class of the program's own, arguments that do not
bind to its ``call`` as well (``binding/call_arguments.py`` says which and why)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from lstm_lint.config import Settings
from lstm_lint.rules.base import Diagnostic, Rule, describe_layer

if TYPE_CHECKING:  # the engine (and libcst) load only when a file is linted
    from lstm_lint.engine import Program

# A custom layer of the kind Transformer tutorials write, whose ``call`` takes the mask by position.
_ENCODER = ("import keras\nfrom keras import layers\n\n\nclass EncoderLayer(layers.Layer):\n"
            "    def __init__(self, units, **kwargs):\n        super().__init__(**kwargs)\n"
            "        self.dense = layers.Dense(units)\n\n"
            "    def call(self, x, mask{default}):\n        return self.dense(x)\n\n\n"
            "inputs = keras.Input((10, 8))\n")


class RefusedCallArguments(Rule):
    code = "LL115"
    name = "refused-call-arguments"
    summary = ("A layer called with arguments Keras 3's Layer.__call__ refuses (a mask or a flag given "
               "positionally).")
    what_it_does = ("Checks each call of a layer against what Keras 3's `Layer.__call__` does with the arguments "
                    "before it runs `call`: a positional argument that is a Python value rather than a tensor "
                    "(`Dropout(0.5)(x, True)`, `block(x, True)`; the preprocessing layers, which take data, "
                    "accept them, but take nothing but their input positionally: `RandomFlip()(x, True)`). "
                    "For a layer class of the program's own, also arguments that do not bind to "
                    "the class's `call` (one missing, or too many), and a `mask` (or `<input>_mask`) given "
                    "positionally as None, or a `training` tensor given positionally, which Keras then passes "
                    "again by keyword. What the call would give is unknown afterwards: no run gets past it. Only "
                    "with the target Keras 3 (tf.keras 2 accepted these calls).")
    why_is_this_bad = ("Keras 3 raises when the layer is called: `ValueError: Only input tensors may be passed as "
                       "positional arguments`, `TypeError: missing a required argument`, or `TypeError: "
                       "EncoderLayer.call() got multiple values for argument 'mask'`, since it fills `mask=` "
                       "(from the input's mask, None when there is none) whenever the value it binds to `mask` "
                       "is None, and `training=` whenever it is known: code written for tf.keras 2 crashes.")
    example = "encoded = EncoderLayer(8)(x, None)"
    use_instead = "encoded = EncoderLayer(8)(x, mask=None)"
    VALID = (_ENCODER.format(default="=None") + "model = keras.Model(inputs, EncoderLayer(4)(inputs, mask=None))\n",
             _ENCODER.format(default="=None") + "model = keras.Model(inputs, EncoderLayer(4)(inputs))\n",
             # A tensor given for the mask: two tensor arguments, and Keras fills no mask.
             _ENCODER.format(default="=None") + "model = keras.Model(inputs, EncoderLayer(4)(inputs, inputs))\n",
             _ENCODER.format(default="") + "model = keras.Model(inputs, EncoderLayer(4)(inputs, mask=None))\n",
             # None may be given positionally, and a flag by keyword.
             _ENCODER.format(default="=None") + "model = keras.Model(inputs, layers.Dropout(0.5)(inputs, None))\n",
             _ENCODER.format(default="=None")
             + "model = keras.Model(inputs, layers.Dropout(0.5)(inputs, training=True))\n")
    INVALID = (_ENCODER.format(default="") + "model = keras.Model(inputs, EncoderLayer(4)(inputs, None))  # LL115\n",
               _ENCODER.format(default="=None")
               + "model = keras.Model(inputs, EncoderLayer(4)(inputs, None))  # LL115\n",
               _ENCODER.format(default="") + "model = keras.Model(inputs, EncoderLayer(4)(inputs))  # LL115\n",
               _ENCODER.format(default=", training=None")
               .replace("(self, x, mask, training=None)", "(self, x, training=None)")
               + "model = keras.Model(inputs, EncoderLayer(4)(inputs, True))  # LL115\n",
               _ENCODER.format(default="=None")
               + "model = keras.Model(inputs, layers.Dropout(0.5)(inputs, True))  # LL115\n")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        if settings.target_keras != 3:
            return
        seen = set()
        for layer in program.layers:
            for error in layer.certain_errors():
                if error.kind == "call" and (id(layer), error.message) not in seen:
                    seen.add((id(layer), error.message))
                    yield self.at(layer.line, layer.column, f"{describe_layer(layer)}: {error.message}")
