"""Measure, for every ``keras.applications`` constructor in real Keras 3, which ``input_shape`` it
accepts with ``weights="imagenet"``, and write ``lstm_lint/layers/applications_input_sizes.py``.

With ImageNet weights and ``include_top=True``, ``imagenet_utils.obtain_input_shape`` raises unless
``input_shape`` equals ``(size, size, 3)`` for the ``default_size`` the constructor passes it: a
fixed size for most, the given rows for MobileNet and MobileNetV2 when the input is square and of a
size their weights exist for. MobileNetV3 only warns. NASNet refuses an ``input_shape`` tuple with a
None in it under ImageNet weights whatever ``include_top`` is. This script finds each constructor's
``default_size`` by calling it with ``obtain_input_shape`` replaced by a recorder that stops the
constructor there, so nothing is built or downloaded; and each constructor's own checks by calling
it with ``keras.layers.Input`` replaced by one that stops it as it starts building. Run it with the
test extra installed whenever the Keras version the project targets changes:

    python tools/generate_application_input_sizes.py
"""
from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

os.environ.setdefault("KERAS_BACKEND", "numpy")
warnings.filterwarnings("ignore")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keras  # noqa: E402
from keras.src import layers as keras_layers  # noqa: E402
from keras.src.applications import imagenet_utils  # noqa: E402

from lstm_lint.layers.applications import application_names  # noqa: E402

OUTPUT = ROOT / "lstm_lint" / "layers" / "applications_input_sizes.py"
# Square sizes probed for a default size that follows the input (MobileNet's weights' sizes).
SIZES = range(32, 641)


class Stop(Exception):
    """Raised by a replaced Keras function: the constructor got that far without raising."""


def default_size_for(name: str, input_shape: Optional[Tuple[Any, ...]]) -> Optional[int]:
    """The ``default_size`` the constructor gives ``obtain_input_shape`` for ImageNet weights and a
    top; None when it never calls it."""
    seen: List[int] = []
    original = imagenet_utils.obtain_input_shape

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs["default_size"] if "default_size" in kwargs else args[1])
        raise Stop

    def stop(*args: Any, **kwargs: Any) -> Any:
        raise Stop

    original_input = keras_layers.Input
    imagenet_utils.obtain_input_shape, keras_layers.Input = recording, stop
    try:
        getattr(keras.applications, name)(weights="imagenet", include_top=True, input_shape=input_shape)
    except Stop:
        pass
    finally:
        imagenet_utils.obtain_input_shape, keras_layers.Input = original, original_input
    return seen[0] if seen else None


def refusal(name: str, **arguments: Any) -> Optional[str]:
    """The message of the ValueError the constructor raises on these arguments before it builds
    anything (None: it gets as far as its first ``Input``)."""
    original = keras_layers.Input

    def stop(*args: Any, **kwargs: Any) -> Any:
        raise Stop

    keras_layers.Input = stop
    try:
        getattr(keras.applications, name)(**arguments)
    except Stop:
        return None
    except ValueError as error:
        return str(error)
    finally:
        keras_layers.Input = original
    raise AssertionError(f"{name}({arguments}) neither raised nor built")


def measure(name: str) -> Optional[Dict[str, Any]]:
    default = default_size_for(name, None)
    if default is None:
        return None
    kept = [size for size in SIZES if default_size_for(name, (size, size, 3)) == size]
    static = refusal(name, weights="imagenet", include_top=False, input_shape=(None, None, 3)) is not None
    return {"default_size": default, "square_sizes": kept, "static_imagenet_input": static}


def main() -> int:
    records = {name: measure(name) for name in application_names()}
    lines = [
        '"""The input sizes each ``keras.applications`` constructor accepts with ``weights="imagenet"``.',
        "",
        f"Written by ``tools/generate_application_input_sizes.py`` from Keras {keras.__version__}: do not edit.",
        "``default_size``: with a top, ``input_shape`` must be ``(default_size, default_size, 3)``, or",
        "``(n, n, 3)`` for an ``n`` of ``square_sizes`` (MobileNet's sizes of weights), else",
        "``obtain_input_shape`` raises; ``static_imagenet_input``: an ``input_shape`` tuple with a None",
        "raises, top or not (NASNet). A constructor absent here checks neither (MobileNetV3 warns).",
        '"""',
        "from __future__ import annotations",
        "",
        "from typing import Dict, NamedTuple, Tuple",
        "",
        "",
        "class ImagenetInput(NamedTuple):",
        "    default_size: int",
        "    square_sizes: Tuple[int, ...]",
        "    static_imagenet_input: bool",
        "",
        "",
        "IMAGENET_INPUTS: Dict[str, ImagenetInput] = {",
    ]
    for name, record in records.items():
        if record is not None:
            lines.append(f'    "{name}": ImagenetInput({record["default_size"]}, {tuple(record["square_sizes"])!r}, '
                         f'{record["static_imagenet_input"]}),')
    lines += ["}", ""]
    OUTPUT.write_text("\n".join(lines))
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
