"""Find, in real Keras, the class of the op each function of ``keras.ops`` and
``keras.activations`` makes on symbolic tensors, and write ``lstm_lint/layers/op_classes.py``.

Run it with Keras installed (the test extra) whenever the Keras version the project targets changes:

    python tools/generate_op_classes.py

Each function is called as it first accepts: on one tensor, on two, on a list of two, on a tensor
and an axis. It is listed when that call makes exactly one op, taking the input itself, in a model
of that input and its result (a function that makes no op, or several, or one only for some
arguments it showed, is left out: lstm-lint then gives its row as unknown). Functions whose op
depends on their operands' shapes (``layers/ops.py``: SHAPE_DEPENDENT_NAMES) are left out too.
"""
from __future__ import annotations

import inspect
import os
import sys
import warnings
from pathlib import Path
from typing import Any, Callable, Dict, Optional

os.environ.setdefault("KERAS_BACKEND", "numpy")
warnings.filterwarnings("ignore")

import keras  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from lstm_lint.layers.ops import SHAPE_DEPENDENT_NAMES  # noqa: E402

TARGET = Path(__file__).resolve().parent.parent / "lstm_lint" / "layers" / "op_classes.py"
HEADER = '''"""The class of the Keras 3 op each function makes on symbolic tensors (``keras.ops.mean(x)`` makes
a ``Mean``): the type a Functional model's ``summary()`` prints in the op's row, whose default
name is the class's snake case (``auto_name``), from the layers' counters.

Listed: the functions of ``keras.ops`` and ``keras.activations`` that make exactly one op on
symbolic tensors; ``tests/engine/test_op_rows.py`` calls each in Keras and checks its class. A
function absent here makes an op lstm-lint cannot name (or none, or several). Written by
``tools/generate_op_classes.py``.
"""
from __future__ import annotations

from typing import Dict

FUNCTION_CLASSES: Dict[str, str] = {
'''


def op_class(function: Callable[..., Any]) -> Optional[str]:
    first, second = keras.Input((10, 4)), keras.Input((10, 4))
    for arguments in ((first,), (first, second), ([first, second],), (first, 1)):
        try:
            result = function(*arguments)
        except Exception:
            continue
        outputs = list(result) if isinstance(result, (list, tuple)) else [result]
        if not outputs or not all(isinstance(output, keras.KerasTensor) for output in outputs):
            return None
        made = outputs[0]._keras_history.operation  # ops.split: several tensors of one op
        if any(output._keras_history.operation is not made for output in outputs):
            return None
        given = arguments[0] if isinstance(arguments[0], list) else [arguments[0]]
        if len(made._inbound_nodes) != 1:
            return None
        inputs = made._inbound_nodes[0].input_tensors
        if not all(any(tensor is wanted for tensor in inputs) for wanted in given):
            return None
        try:
            model_inputs = [first, second] if any(tensor is second for tensor in inputs) else first
            model = keras.Model(model_inputs, outputs)
        except Exception:
            return None
        ops = len(model._operations) - len(model.inputs)
        return type(made).__name__ if ops == 1 else None
    return None


def main() -> None:
    found: Dict[str, str] = {}
    for module_name in ("ops", "activations"):
        module = getattr(keras, module_name)
        for name in sorted(dir(module)):
            function = getattr(module, name)
            path = f"{module_name}.{name}"
            if name.startswith("_") or not inspect.isfunction(function) or path in SHAPE_DEPENDENT_NAMES:
                continue
            keras_class = op_class(function)
            if keras_class is not None:
                found[path] = keras_class
    body = "".join(f'    "{path}": "{keras_class}",\n' for path, keras_class in found.items())
    TARGET.write_text(HEADER + body + "}\n")
    print(f"{len(found)} functions written to {TARGET}")


if __name__ == "__main__":
    main()
