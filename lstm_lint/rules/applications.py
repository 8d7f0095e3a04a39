"""LL110: a ``keras.applications`` constructor rejects its arguments."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from lstm_lint.config import Settings
from lstm_lint.graph.applications import ApplicationModel
from lstm_lint.rules.base import Diagnostic, Rule

if TYPE_CHECKING:  # the engine (and libcst) load only when a file is linted
    from lstm_lint.engine import Program


class RejectedApplicationArgument(Rule):
    code = "LL110"
    name = "rejected-application-argument"
    summary = "Arguments a keras.applications constructor rejects (ImageNet weights with classes != 1000, ...)."
    what_it_does = ("Checks the arguments of `keras.applications` constructors (ResNet50, MobileNetV2, "
                    "EfficientNetB0, ...) against the checks they make before building: "
                    "`weights=\"imagenet\"` with `include_top=True` needs `classes=1000` and an `input_shape` "
                    "of the size the weights were trained at (`(224, 224, 3)` for most, `(299, 299, 3)` for "
                    "InceptionV3 and Xception, each EfficientNet's own; MobileNet and MobileNetV2 also take the "
                    "other square sizes they have weights for, MobileNetV3 only warns), NASNet with ImageNet "
                    "weights refuses an `input_shape` with a `None`, and an `input_shape` smaller than the model's "
                    "minimum (32x32 for most, 75x75 for InceptionV3, ...) is refused. Reported with Keras's "
                    "message, when the arguments are the same in every run.")
    why_is_this_bad = "Keras raises a ValueError when the model is constructed: the script stops there."
    example = 'base = keras.applications.ResNet50(weights="imagenet", classes=10)'
    use_instead = ('base = keras.applications.ResNet50(weights="imagenet", include_top=False, pooling="avg")\n'
                   "outputs = layers.Dense(10, activation=\"softmax\")(base.output)")
    VALID = ("import keras\nbase = keras.applications.MobileNet(weights=None, classes=10)\n",)
    INVALID = ("import keras\nbase = keras.applications.MobileNet(weights='imagenet', classes=10)  # LL110\n",
               "import keras\n"
               "base = keras.applications.MobileNet(include_top=False, input_shape=(16, 16, 3))  # LL110\n",
               "import keras\n"
               "base = keras.applications.ResNet50(weights='imagenet', input_shape=(160, 160, 3))  # LL110\n",
               "import keras\n"
               "base = keras.applications.NASNetMobile(include_top=False, input_shape=(None, None, 3))  # LL110\n")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for model in program.models:
            # Constructed in every run that gets there: not under a condition lstm-lint left undecided.
            if isinstance(model, ApplicationModel) and model.built is not None and model.built.rejected \
                    and model.speculative_depth == 0:
                yield self.at(model.line, model.column, f"{model.built.application}(): {model.built.rejected}")
