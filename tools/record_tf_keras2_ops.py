"""Record what tf.keras 2 makes of TensorFlow functions and Python operators applied to its symbolic
tensors, and what it prints for a few tf.keras 2 programs (those and plain ones).

tf.keras 2 wraps a TensorFlow function called on a ``KerasTensor`` in a ``TFOpLambda`` layer (a
subscript in a ``SlicingOpLambda``) named after the function's canonical TensorFlow name
(``tf.math.reduce_mean``, from ``tf.reduce_mean``), numbered by a counter of that name
(``tf.math.reduce_mean_1``). Keras 3 raises instead, so these facts cannot come from the test
dependencies. Run this with a Python that has TensorFlow and ``tf_keras`` (TensorFlow's
``TF_USE_LEGACY_KERAS=1`` makes ``tf.keras`` tf.keras 2), from the repository's top:

    python tools/record_tf_keras2_ops.py

It writes ``lstm_lint/layers/tensorflow_ops_keras2.py`` (the symbol and layer class of every function
``layers/tensorflow_ops.py`` and ``layers/op_shapes.py`` name, found by calling each on a symbolic
tensor; a function no call of which makes exactly one such layer is left out, and lstm-lint leaves
its row unknown) and ``tests/data/tf_keras2_summaries.json`` (each program's models: rows with
name, class, printed output shape and parameter count, and totals), which the tests compare
lstm-lint's ``target-keras = 2`` summaries with.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

os.environ["TF_USE_LEGACY_KERAS"] = "1"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import tensorflow as tf  # noqa: E402
import tf_keras  # noqa: E402

from lstm_lint.layers import op_shapes, tensorflow_ops  # noqa: E402

keras = tf.keras
assert keras.__name__.startswith("tf_keras"), "tf.keras must be tf.keras 2 (TF_USE_LEGACY_KERAS=1)"

DATA_MODULE = ROOT / "lstm_lint" / "layers" / "tensorflow_ops_keras2.py"
SUMMARIES = ROOT / "tests" / "data" / "tf_keras2_summaries.json"


def known_functions() -> List[str]:
    """Every TensorFlow function (path after ``tensorflow.``) lstm-lint names anywhere."""
    names = set(tensorflow_ops._TOP_LEVEL_OPS) | set(tensorflow_ops._NAMESPACED_OPS)
    names |= {f"{namespace}{name}" for namespace in ("math.", "nn.") for name in tensorflow_ops._SAME_NAME_OPS}
    names |= set(op_shapes._TENSORFLOW_FUNCTIONS)
    return sorted(names)


def resolve(path: str) -> Optional[Callable[..., Any]]:
    found: Any = tf
    for part in path.split("."):
        found = getattr(found, part, None)
        if found is None:
            return None
    return found if callable(found) else None


# Argument patterns tried in turn on a (None, 4, 6) float tensor ``x``; the first that makes
# layers gives the function's symbol. Integer-only ops are tried on an int tensor last.
def _patterns(x: Any, ints: Any) -> Sequence[Tuple[Sequence[Any], Dict[str, Any]]]:
    return (((x,), {}), ((x, -1), {}), ((x[:, :, :1], -1), {}), (([x, x], -1), {}), ((x, x), {}), ((x, (-1, 24)), {}),
            ((x, [[0, 0], [1, 1], [0, 0]]), {}), ((x, [1, 1, 2]), {}), ((x, 2), {}), ((x, tf.float16), {}),
            ((x > 0, x, x), {}), ((x > 0, x > 0), {}), ((x > 0,), {}), ((x, 0.0, 1.0), {}),
            ((x, (4, 4)), {}), (("bij,bjk->bik", x, tf.transpose(x, (0, 2, 1))), {}),
            ((x, [0, 0, 0], [1, 2, 3]), {}), ((x, x > 0), {}), ((ints,), {}), ((ints, 3), {}),
            ((ints, ints), {}))


PATTERN_COUNT = 21
LISTS = ("concat", "stack", "concatenate")


# tf.keras 2's backend functions (``keras.backend.sum``) tried the same way: each calls TensorFlow,
# whose op on the symbolic tensor is the layer. Not ``dot``, one matmul on matrices but a reshape,
# a transpose, a matmul and a reshape on tensors of higher rank: the number of layers varies.
BACKEND_FUNCTIONS = (
    "abs", "cast", "concatenate", "exp", "expand_dims", "log", "max", "mean", "min", "permute_dimensions",
    "prod", "reshape", "sigmoid", "softmax", "sqrt", "square", "squeeze", "stack", "sum", "tanh",
)


def symbol_of(path: str, function: Optional[Callable[..., Any]] = None) -> Optional[Tuple[str, str]]:
    """(name prefix, class) of the one layer a call of the function on symbolic tensors makes."""
    function = function or resolve(path)
    if function is None:
        return None
    for args_of in range(PATTERN_COUNT):
        keras.backend.clear_session()
        x = keras.Input((4, 6))
        ints = keras.Input((4,), dtype="int32")
        y = keras.Input((4, 6))
        # A list of several tensors for the functions that join a list: ``tf.concat`` of a single
        # tensor is a ``tf.identity`` (lstm-lint names no layer for it).
        args, kwargs = ((([x, y], -1), {}) if path in LISTS and args_of == 0 else _patterns(x, ints)[args_of])
        made: List[Any] = []
        original = tf_keras.src.engine.base_layer.Layer.__init__

        def recording(self: Any, *a: Any, **k: Any) -> None:
            original(self, *a, **k)
            made.append(self)

        tf_keras.src.engine.base_layer.Layer.__init__ = recording
        try:
            with contextlib.redirect_stderr(io.StringIO()):
                function(*args, **kwargs)
        except Exception:  # a pattern the function does not take: try the next
            continue
        finally:
            tf_keras.src.engine.base_layer.Layer.__init__ = original
        # The patterns' own operands (``x > 0``) were made before recording began.
        ops = [layer for layer in made if type(layer).__name__ in ("TFOpLambda", "SlicingOpLambda")]
        if len(ops) == 1 and ops[0].name.startswith("tf."):
            return re.sub(r"_\d+$", "", ops[0].name), type(ops[0]).__name__
        return None
    return None


# Python operators on symbolic tensors (libcst's operator class names) and what each makes.
OPERATORS: Dict[str, Callable[[Any, Any], Any]] = {
    "Add": lambda x, y: x + y, "Subtract": lambda x, y: x - y, "Multiply": lambda x, y: x * y,
    "Divide": lambda x, y: x / y, "FloorDivide": lambda x, y: x // y, "Modulo": lambda x, y: x % y,
    "Power": lambda x, y: x ** y, "MatrixMultiply": lambda x, y: x @ y,
}
UNARY: Dict[str, Callable[[Any], Any]] = {"Minus": lambda x: -x}


def operator_symbol(apply: Callable[..., Any], count: int) -> Optional[Tuple[str, str]]:
    """The layer an operator makes: the same with a number on either side (``2 * x``, ``x * 2``) as
    between two tensors, or None."""
    found = set()
    for operands in ([None] * count, [None, 2.0], [2.0, None])[:1 if count == 1 else 3]:
        keras.backend.clear_session()
        x = keras.Input((4, 4))
        if apply is OPERATORS["MatrixMultiply"] and None in operands and 2.0 in operands:
            continue  # a number is no matrix
        out = apply(*[x if operand is None else operand for operand in operands])
        layer = out.node.layer
        found.add((re.sub(r"_\d+$", "", layer.name), type(layer).__name__))
    return found.pop() if len(found) == 1 else None


def subscript_symbol() -> Tuple[str, str]:
    keras.backend.clear_session()
    layer = keras.Input((4, 4))[:, -1].node.layer
    return re.sub(r"_\d+$", "", layer.name), type(layer).__name__


def _pair(value: Tuple[str, str]) -> str:
    return f"({json.dumps(value[0])}, {json.dumps(value[1])})"


def write_data() -> None:
    symbols: Dict[str, Tuple[str, str]] = {}
    for path in known_functions():
        found = symbol_of(path)
        if found is not None:
            symbols[path] = found
    backend: Dict[str, Tuple[str, str]] = {}
    for name in BACKEND_FUNCTIONS:
        found = symbol_of(name if name in LISTS else f"backend.{name}", getattr(keras.backend, name))
        if found is not None:
            backend[name] = found
    operators = {name: symbol for name, apply in OPERATORS.items()
                 for symbol in [operator_symbol(apply, 2)] if symbol is not None}
    unary = {name: symbol for name, apply in UNARY.items()
             for symbol in [operator_symbol(apply, 1)] if symbol is not None}
    lines = [
        '"""What tf.keras 2 makes of a TensorFlow function or a Python operator applied to its symbolic',
        "tensors: one layer, of the class given, whose default name is the name prefix given numbered by a",
        "counter of its own (``tf.concat``, ``tf.concat_1``: ``backend.unique_object_name``, zero-based).",
        "",
        f"Written by ``tools/record_tf_keras2_ops.py`` from tf_keras {tf_keras.__version__} (TensorFlow "
        f"{tf.__version__}): do not",
        "edit. A function absent here makes no single such layer lstm-lint can name (or none at all).",
        '"""',
        "from __future__ import annotations",
        "",
        "from typing import Dict, Tuple",
        "",
        "# Path after ``tensorflow.`` -> (name prefix, layer class).",
        "FUNCTIONS: Dict[str, Tuple[str, str]] = {",
    ]
    lines += [f"    {json.dumps(path)}: {_pair(value)}," for path, value in symbols.items()]
    lines += ["}", "", "# tf.keras 2's backend functions (after ``keras.backend.``) -> (name prefix, layer class).",
              "BACKEND_FUNCTIONS: Dict[str, Tuple[str, str]] = {"]
    lines += [f"    {json.dumps(path)}: {_pair(value)}," for path, value in backend.items()]
    lines += ["}", "", "# Python operators (libcst's operator class) -> (name prefix, layer class).",
              "OPERATORS: Dict[str, Tuple[str, str]] = {"]
    lines += [f"    {json.dumps(name)}: {_pair(value)}," for name, value in operators.items()]
    lines += ["}", "UNARY_OPERATORS: Dict[str, Tuple[str, str]] = {"]
    lines += [f"    {json.dumps(name)}: {_pair(value)}," for name, value in unary.items()]
    lines += ["}", "# ``x[...]`` on a symbolic tensor.",
              f"SUBSCRIPT: Tuple[str, str] = {_pair(subscript_symbol())}", ""]
    DATA_MODULE.write_text("\n".join(lines))


# tf.keras 2 programs whose summaries the tests compare with lstm-lint's under target-keras = 2.
PROGRAMS: Dict[str, str] = {
    "pooled_lstm": """\
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
inputs = keras.Input((10, 3))
x = layers.LSTM(8, return_sequences=True)(inputs)
mean = tf.reduce_mean(x, axis=1)
peak = tf.math.reduce_max(x, axis=1)
joined = tf.concat([mean, peak], axis=-1)
outputs = layers.Dense(1)(tf.nn.relu(joined))
model = keras.Model(inputs, outputs)
""",
    "reshapes": """\
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
inputs = keras.Input((28, 28))
x = tf.expand_dims(inputs, -1)
x = layers.Conv2D(4, 3)(x)
x = tf.reshape(x, (-1, 26 * 26 * 4))
x = layers.Dense(10)(x)
y = tf.reshape(x, (-1, 2, 5))
y = tf.transpose(y, (0, 2, 1))
flat = tf.squeeze(tf.reduce_sum(y, axis=-1, keepdims=True), axis=-1)
model = keras.Model(inputs, [flat, tf.math.sigmoid(x)])
""",
    "operators": """\
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
inputs = keras.Input((12, 5))
x = layers.Dense(5)(inputs)
residual = x + inputs
scaled = residual * 0.5
last = scaled[:, -1]
first = scaled[:, 0, :]
difference = last - first
added = layers.Add()([last, first])
ratio = difference / 2.0
negated = -ratio
model = keras.Model(inputs, [layers.Dense(1)(negated), added])
""",
    "attention_pool": """\
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
tokens = keras.Input((None,), dtype="int32")
embedded = layers.Embedding(1000, 16)(tokens)
states = layers.Bidirectional(layers.GRU(8, return_sequences=True))(embedded)
scores = layers.Dense(1)(states)
weights = tf.nn.softmax(scores, axis=1)
context = tf.reduce_sum(weights * states, axis=1)
outputs = layers.Dense(3, activation="softmax")(context)
model = keras.Model(tokens, outputs)
""",
    "two_inputs": """\
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
left = keras.Input((8,))
right = keras.Input((8,))
both = tf.stack([left, right], axis=1)
mixed = layers.LSTM(4)(both)
gate = tf.math.tanh(layers.Dense(4)(tf.concat([left, right], -1)))
model = keras.Model([left, right], tf.multiply(mixed, gate))
""",
    "sentiment_sequential": """\
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
model = keras.Sequential([
    layers.Embedding(10000, 32, input_length=100),
    layers.Bidirectional(layers.LSTM(16, return_sequences=True)),
    layers.GlobalMaxPooling1D(),
    layers.Dense(16, activation="relu"),
    layers.Dropout(0.5),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
""",
    "forecaster_input_shape": """\
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
model = keras.Sequential()
model.add(layers.LSTM(32, return_sequences=True, input_shape=(24, 4)))
model.add(layers.GRU(16))
model.add(layers.BatchNormalization())
model.add(layers.Dense(8, activation="relu"))
model.add(layers.Dense(1))
""",
    "masked_functional": """\
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
tokens = keras.Input(shape=(None,), dtype="int64")
x = layers.Embedding(5000, 64, mask_zero=True)(tokens)
x = layers.LSTM(32, return_sequences=True)(x)
x = layers.TimeDistributed(layers.Dense(8))(x)
pooled = tf.reduce_mean(x, axis=1)
outputs = layers.Dense(4, activation="softmax")(pooled)
model = keras.Model(inputs=tokens, outputs=outputs)
""",
    "conv_sequential": """\
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
model = keras.models.Sequential([
    layers.Conv1D(32, 5, activation="relu", input_shape=(128, 9)),
    layers.MaxPooling1D(2),
    layers.Conv1D(64, 3, activation="relu", padding="same"),
    layers.GlobalAveragePooling1D(),
    layers.Dense(6, activation="softmax"),
])
""",
    "backend_functions": """\
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras import backend as K
inp = keras.Input(shape=(30, 6), name="series")
h = layers.LSTM(12, return_sequences=True)(inp)
att = layers.Dense(1, activation="tanh")(h)
att = layers.Activation("softmax")(layers.Flatten()(att))
att = layers.Permute([2, 1])(layers.RepeatVector(12)(att))
summed = K.sum(layers.Multiply()([h, att]), axis=1)
peak = K.max(h, axis=1)
both = K.concatenate([summed, peak, K.mean(h, axis=1)])
out = layers.Dense(1)(K.expand_dims(both, -1))
model = keras.Model(inp, K.squeeze(out, -1))
""",
    "application_base": """\
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
base = keras.applications.MobileNetV2(include_top=False, input_shape=(96, 96, 3), weights=None)
base.trainable = False
images = keras.Input((96, 96, 3))
features = layers.GlobalAveragePooling2D()(base(images, training=False))
model = keras.Model(images, layers.Dense(2)(features))
""",
    "subclassed_build": """\
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class Encoder(keras.Model):
    def __init__(self, vocabulary, units):
        super().__init__()
        self.embed = layers.Embedding(vocabulary, 8)
        self.rnn = layers.GRU(units)
        self.head = layers.Dense(2)

    def call(self, x):
        return self.head(self.rnn(self.embed(x)))


model = Encoder(100, 16)
model.build((None, 12))
""",
    "two_models": """\
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
encoder_inputs = keras.Input(shape=(20, 8))
encoded = layers.LSTM(16)(encoder_inputs)
encoder = keras.Model(encoder_inputs, encoded)
decoder_inputs = keras.Input(shape=(16,))
repeated = layers.RepeatVector(20)(decoder_inputs)
decoded = layers.LSTM(8, return_sequences=True)(repeated)
decoder = keras.Model(decoder_inputs, layers.Dense(8)(decoded))
""",
}


def shape_text(layer: Any) -> str:
    try:
        return str(layer.output_shape)
    except AttributeError:
        return "multiple"


def record_programs() -> Dict[str, Any]:
    recorded: Dict[str, Any] = {}
    for name, source in PROGRAMS.items():
        keras.backend.clear_session()
        namespace: Dict[str, Any] = {"__name__": "__main__"}
        exec(compile(source, f"{name}.py", "exec"), namespace)
        models = []
        for variable, value in namespace.items():
            if not isinstance(value, keras.Model):
                continue
            trainable = sum(int(tf.size(weight)) for weight in value.trainable_weights)
            non_trainable = sum(int(tf.size(weight)) for weight in value.non_trainable_weights)
            models.append({"variable": variable, "name": value.name, "total_params": trainable + non_trainable,
                           "trainable_params": trainable, "non_trainable_params": non_trainable,
                           "layers": [{"name": layer.name, "class": type(layer).__name__,
                                       "output_shape": shape_text(layer), "params": layer.count_params()}
                                      for layer in value.layers]})
        recorded[name] = {"source": source, "models": models}
    return recorded


def preprocess_identities() -> Dict[str, bool]:
    """For each ``keras.applications.<module>.preprocess_input`` lstm-lint knows, whether tf.keras 2's
    returns the symbolic tensor it is given (no layers)."""
    from lstm_lint.layers.applications_data import PREPROCESS

    found: Dict[str, bool] = {}
    for module in sorted(PREPROCESS):
        keras.backend.clear_session()
        images = keras.Input((32, 32, 3))
        found[module] = getattr(keras.applications, module).preprocess_input(images) is images
    return found


def main() -> int:
    write_data()
    SUMMARIES.parent.mkdir(exist_ok=True)
    document = {"tf_keras": tf_keras.__version__, "tensorflow": tf.__version__, "programs": record_programs(),
                "preprocess_identity": preprocess_identities()}
    SUMMARIES.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {DATA_MODULE.relative_to(ROOT)} and {SUMMARIES.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
