"""Run a generated program through real Keras and report its models as lstm-lint's JSON does."""
from __future__ import annotations

import warnings
from typing import Any, Dict, List, Optional

from tests.keras_env import keras  # first: it chooses the backend before Keras loads

from keras.src import tree  # noqa: E402  (Keras's own nested-structure helpers)


# Programs written for tensorflow.keras or tf_keras run on Keras 3 here (TensorFlow is not a test
# dependency): their import lines are rewritten to the same names from keras, on the same lines.
# (Binding a fake "tensorflow" module instead would make Keras believe TensorFlow is present.)
IMPORT_REWRITES = [
    ("import tensorflow as tf\n", "import keras as _keras; import types as _types; "
                                  "tf = _types.SimpleNamespace(keras=_keras)\n"),
    ("from tensorflow import keras\n", "import keras\n"),
    ("from tensorflow.keras", "from keras"),
    ("import tf_keras as tfk\n", "import keras as tfk\n"),
]


def for_keras3(source: str) -> str:
    for old, new in IMPORT_REWRITES:
        source = source.replace(old, new)
    return source


def output_shape(layer: Any) -> Optional[Any]:
    """``summary_utils.format_layer_shape``: the outputs of the layer's last inbound node."""
    if not layer._inbound_nodes:
        return None
    outputs = layer._inbound_nodes[-1].output_tensors
    shapes = [list(tensor.shape) for tensor in tree.flatten(outputs)]
    return shapes[0] if len(shapes) == 1 else shapes


def _size(weights: List[Any]) -> int:
    total = 0
    for weight in weights:
        count = 1
        for dim in weight.shape:
            count *= dim
        total += count
    return total


def describe(name: str, model: Any) -> Dict[str, Any]:
    return {
        "name": name,
        "total_params": model.count_params(),
        "trainable_params": _size(model.trainable_weights),
        "non_trainable_params": _size(model.non_trainable_weights),
        "layers": [{"name": layer.name, "type": type(layer).__name__, "output_shape": output_shape(layer),
                    "params": layer.count_params()} for layer in model.layers],
    }


def run(source: str, fetch: List[Any]) -> List[Dict[str, Any]]:
    """Execute ``source`` as a fresh ``__main__`` module and describe the models in ``fetch``
    (pairs of reported name and "variable" or "call:function"). Raises what Keras raises."""
    keras.backend.clear_session()
    namespace: Dict[str, Any] = {"__name__": "__main__"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(for_keras3(source), "<generated>", "exec"), namespace)
        described = [describe(name, namespace[how[5:]]() if how.startswith("call:") else namespace[how])
                     for name, how in fetch]
    return described
