"""Planted faults and near misses, one small program each, for every rule.

Each case marks the lines where a diagnostic must fire with a trailing ``# LLxxx`` comment (several
codes: ``# LL102 LL301``); every other line must stay silent, for every rule (the default-off ones
included). ``test_corpus.py`` checks lstm-lint against the marks and, as ground truth, runs each
program in real Keras: a program marked with an LL1xx code must raise there, every other program
must build (and run, when ``run`` gives an input shape to predict on).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

HEADER = "import keras\nfrom keras import layers\n"


@dataclass(frozen=True)
class Case:
    id: str
    body: str  # after HEADER
    run: Optional[Tuple[int, ...]] = None  # predict on zeros of this shape with the model ``m``
    settings: Tuple[Tuple[str, str], ...] = ()

    @property
    def source(self) -> str:
        return HEADER + self.body


CASES = [
    # ---- LL101 wrong input rank -------------------------------------------------------------------
    Case("ll101-lstm-after-lstm",
         "m = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.LSTM(4)])  # LL101\n"),
    Case("ll101-lstm-after-return-sequences",
         "m = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8, return_sequences=True), layers.LSTM(4)])\n"),
    Case("ll101-conv1d-after-2d",
         "m = keras.Sequential([keras.Input((10,)), layers.Conv1D(4, 3)])  # LL101\n"),
    Case("ll101-pooling-after-2d",
         "m = keras.Sequential([keras.Input((10,)), layers.MaxPooling1D()])  # LL101\n"),
    Case("ll101-repeat-vector-on-3d",
         "m = keras.Sequential([keras.Input((10, 3)), layers.RepeatVector(3)])  # LL101\n"),
    Case("ll101-repeat-vector-on-2d",
         "m = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.RepeatVector(3),\n"
         "                      layers.LSTM(8, return_sequences=True)])\n"),
    Case("ll101-time-distributed-on-2d",
         "m = keras.Sequential([keras.Input((10,)), layers.TimeDistributed(layers.Dense(3))])  # LL101\n"),
    Case("ll101-gru-on-4d",
         "m = keras.Sequential([keras.Input((10, 3, 2)), layers.GRU(3)])  # LL101\n"),
    Case("ll101-functional-bidirectional-on-2d",
         "x = keras.Input((5,))\ny = layers.Bidirectional(layers.LSTM(3))(x)  # LL101\nm = keras.Model(x, y)\n"),
    Case("ll101-flatten-then-lstm",
         "m = keras.Sequential([\n    keras.Input((10, 3)),\n    layers.Flatten(),\n"
         "    layers.LSTM(3),  # LL101\n])\n"),
    Case("ll101-embedding-then-conv2d",
         "m = keras.Sequential([keras.Input((10,)), layers.Embedding(100, 8), layers.Conv2D(3, 3)])  # LL101\n"),
    Case("ll101-dense-on-3d-is-fine",
         "m = keras.Sequential([keras.Input((10, 3)), layers.Dense(4), layers.LSTM(2)])\n", run=(1, 10, 3)),
    Case("ll101-unknown-return-sequences",
         "import sys\nflag = sys.argv[0] == 'x'\n"
         "m = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8, return_sequences=flag)])\n"),

    # ---- LL102 rejected argument values -----------------------------------------------------------
    Case("ll102-dense-zero", "d = layers.Dense(0)  # LL102\n"),
    Case("ll102-lstm-negative", "r = layers.LSTM(-4)  # LL102\n"),
    Case("ll102-dense-float-division", "units = 64 / 2\nd = layers.Dense(units)  # LL102\n"),
    Case("ll102-lstm-float-units",
         "m = keras.Sequential([keras.Input((10, 3)), layers.LSTM(64 / 2)])  # LL102\n"),
    Case("ll102-conv-float-filters",
         "m = keras.Sequential([keras.Input((10, 3)), layers.Conv1D(32.0, 3)])  # LL102\n"),
    Case("ll102-floor-division-is-fine",
         "m = keras.Sequential([keras.Input((10, 3)), layers.LSTM(64 // 2), layers.Dense(64 // 4)])\n",
         run=(1, 10, 3)),
    Case("ll102-repeat-vector-zero", "r = layers.RepeatVector(0)  # LL102\n"),
    Case("ll102-embedding-zero", "e = layers.Embedding(0, 8)  # LL102\n"),
    Case("ll102-dropout-above-one", "d = layers.Dropout(1.5)  # LL102\n"),
    Case("ll102-dropout-negative", "d = layers.Dropout(-0.1)  # LL102\n"),
    Case("ll102-dropout-half-is-fine", "d = layers.Dropout(0.5)\n"),
    Case("ll102-unknown-activation", "d = layers.Dense(4, activation='rellu')  # LL102\n"),
    Case("ll102-activation-is-case-sensitive", "d = layers.Dense(4, activation='ReLU')  # LL102\n"),
    Case("ll102-unknown-recurrent-activation",
         "r = layers.GRU(4, recurrent_activation='sigmoidal')  # LL102 LL301\n"),
    Case("ll102-unknown-initializer", "d = layers.Dense(4, kernel_initializer='glorot')  # LL102\n"),
    Case("ll102-initializer-class-name-is-fine", "d = layers.Dense(4, kernel_initializer='HeNormal')\n"),
    Case("ll102-unknown-padding", "c = layers.Conv1D(4, 3, padding='full')  # LL102\n"),
    Case("ll102-conv-padding-is-case-insensitive",
         "m = keras.Sequential([keras.Input((10, 3)), layers.Conv1D(4, 3, padding='SAME'),\n"
         "                      layers.Conv1D(4, 3, padding='Causal')])\n", run=(1, 10, 3)),
    Case("ll102-pooling-padding-is-case-sensitive",
         "m = keras.Sequential([keras.Input((10, 3)), layers.MaxPooling1D(padding='Same')])  # LL102\n",
         run=(1, 10, 3)),
    Case("ll102-conv2d-causal",
         "m = keras.Sequential([keras.Input((8, 8, 3)), layers.Conv2D(4, 3, padding='causal')])  # LL102\n"),
    Case("ll102-conv2d-causal-uncalled", "c = layers.Conv2D(4, 3, padding='causal')  # LL102\n"),
    Case("ll102-pooling-causal",
         "m = keras.Sequential([keras.Input((10, 3)), layers.MaxPooling1D(padding='causal')])  # LL102\n",
         run=(1, 10, 3)),
    Case("ll102-conv1d-causal-is-fine",
         "m = keras.Sequential([keras.Input((10, 3)), layers.Conv1D(4, 3, padding='causal')])\n", run=(1, 10, 3)),
    Case("ll102-strides-and-dilation", "c = layers.Conv1D(4, 3, strides=2, dilation_rate=2)  # LL102\n"),
    Case("ll102-kernel-longer-than-sequence",
         "m = keras.Sequential([keras.Input((4, 3)), layers.Conv1D(4, 5)])  # LL102\n"),
    Case("ll102-pool-longer-than-sequence",
         "m = keras.Sequential([keras.Input((4, 3)), layers.MaxPooling1D(5)])  # LL102\n", run=(1, 4, 3)),
    Case("ll102-long-kernel-with-same-padding-is-fine",
         "m = keras.Sequential([keras.Input((4, 3)), layers.Conv1D(4, 5, padding='same')])\n", run=(1, 4, 3)),
    Case("ll102-long-kernel-on-unknown-length-is-silent",
         "m = keras.Sequential([keras.Input((None, 3)), layers.Conv1D(4, 5)])\n"),
    Case("ll102-merge-mode",
         "m = keras.Sequential([\n    keras.Input((10, 3)),\n"
         "    layers.Bidirectional(layers.LSTM(3), merge_mode='concatenate'),  # LL102\n])\n"),
    Case("ll102-merge-mode-uncalled",
         "b = layers.Bidirectional(layers.LSTM(3), merge_mode='add')  # LL102\n"),

    # ---- LL103 unknown keyword arguments ----------------------------------------------------------
    Case("ll103-typo", "r = layers.LSTM(32, return_sequence=True)  # LL103\n"),
    Case("ll103-activation-typo", "d = layers.Dense(4, activaton='relu')  # LL103\n"),
    Case("ll103-batch-input-shape",
         "m = keras.Sequential([layers.LSTM(8, batch_input_shape=(4, 10, 3))])  # LL103\n"),
    Case("ll103-input-length-outside-embedding", "d = layers.Dense(4, input_length=3)  # LL103\n"),
    Case("ll103-time-major", "r = layers.GRU(4, time_major=True)  # LL103\n"),
    Case("ll103-batch-size", "d = layers.Dense(4, batch_size=32)  # LL103\n"),
    # Keras 3 only warns, and ignores it: LL303's, not LL103's.
    Case("ll103-embedding-input-length-is-only-a-warning",
         "m = keras.Sequential([keras.Input((5,)), layers.Embedding(10, 4, input_length=5)])  # LL303\n",
         run=(1, 5)),
    # keras.Model(...) is functional only given inputs and outputs; otherwise Layer.__init__ raises.
    Case("ll103-model-output-typo",
         "x = keras.Input((4,))\nm = keras.Model(inputs=x, output=layers.Dense(2)(x))  # LL103\n"),
    Case("ll103-model-inputs-only", "x = keras.Input((4,))\nm = keras.Model(inputs=x)  # LL103\n"),
    Case("ll103-model-one-positional", "x = keras.Input((4,))\nm = keras.Model(x)  # LL103\n"),
    Case("ll103-model-functional-forms-are-fine",
         "x = keras.Input((4,))\ny = layers.Dense(2)(x)\na = keras.Model(x, y)\nb = keras.Model(x, outputs=y)\n"
         "m = keras.Model(inputs=x, outputs=y, name='m', trainable=False)\nempty = keras.Model(name='empty')\n",
         run=(1, 4)),
    Case("ll103-optimizer-lr", "opt = keras.optimizers.Adam(lr=0.01)  # LL103\n"),
    Case("ll103-optimizer-learning-rate", "opt = keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)\n"),
    Case("ll103-keras2-target",
         "m = keras.Sequential([layers.LSTM(8, batch_input_shape=(4, 10, 3))])\n",
         settings=(("target-keras", "2"),)),
    Case("ll103-base-keywords-are-fine",
         "d = layers.Dense(4, name='head', dtype='float32', trainable=False, activity_regularizer='l2')\n"),

    # ---- LL104 shapes that cannot work ------------------------------------------------------------
    Case("ll104-add-different-shapes",
         "a = keras.Input((8,))\nb = keras.Input((4,))\n"
         "s = layers.Add()([a, b])  # LL104\nm = keras.Model([a, b], s)\n"),
    Case("ll104-add-broadcastable-is-fine",
         "a = keras.Input((8, 3))\nb = keras.Input((1, 3))\ns = layers.Add()([a, b])\nm = keras.Model([a, b], s)\n"),
    Case("ll104-subtract",
         "a = keras.Input((8, 3))\nb = keras.Input((8, 4))\n"
         "s = layers.Subtract()([a, b])  # LL104\nm = keras.Model([a, b], s)\n"),
    Case("ll104-concatenate-off-axis",
         "a = keras.Input((8, 3))\nb = keras.Input((7, 4))\n"
         "c = layers.Concatenate()([a, b])  # LL104\nm = keras.Model([a, b], c)\n"),
    Case("ll104-concatenate-on-axis-is-fine",
         "a = keras.Input((8, 3))\nb = keras.Input((8, 4))\n"
         "c = layers.concatenate([a, b])\nm = keras.Model([a, b], c)\n"),
    Case("ll104-reshape-count",
         "m = keras.Sequential([keras.Input((6,)), layers.Reshape((4, 2))])  # LL104\n"),
    Case("ll104-reshape-minus-one-not-divisible",
         "m = keras.Sequential([keras.Input((6,)), layers.Reshape((-1, 4))])  # LL104\n", run=(1, 6)),
    Case("ll104-reshape-minus-one-is-fine",
         "m = keras.Sequential([keras.Input((8,)), layers.Reshape((-1, 4))])\n", run=(1, 8)),
    Case("ll104-dense-after-variable-length-flatten",
         "m = keras.Sequential([\n    keras.Input((None, 3)),\n    layers.Flatten(),\n"
         "    layers.Dense(3),  # LL104\n])\n"),

    # ---- LL105 return_state / Bidirectional(backward_layer=...) -----------------------------------
    Case("ll105-return-state-in-sequential",
         "m = keras.Sequential([\n    keras.Input((10, 3)),\n    layers.LSTM(8, return_state=True),  # LL105\n"
         "    layers.Dense(1),\n])\n"),
    Case("ll105-return-state-last-in-sequential-is-fine",
         "m = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8, return_state=True)])\n"),
    Case("ll105-backward-without-go-backwards",
         "b = layers.Bidirectional(layers.LSTM(4), backward_layer=layers.LSTM(4))  # LL105\n"),
    Case("ll105-backward-return-sequences",
         "b = layers.Bidirectional(layers.LSTM(4, return_sequences=True),  # LL105\n"
         "                         backward_layer=layers.LSTM(4, go_backwards=True))\n"),
    Case("ll105-backward-stateful",
         "b = layers.Bidirectional(layers.LSTM(4),  # LL105\n"
         "                         backward_layer=layers.LSTM(4, go_backwards=True, stateful=True))\n"),
    Case("ll105-backward-return-state",
         "b = layers.Bidirectional(layers.LSTM(4),  # LL105\n"
         "                         backward_layer=layers.LSTM(4, go_backwards=True, return_state=True))\n"),
    Case("ll105-backward-gru-is-fine",
         "b = layers.Bidirectional(layers.LSTM(4), backward_layer=layers.GRU(4, go_backwards=True))\n"),

    # ---- LL106 stateful without a batch size ------------------------------------------------------
    Case("ll106-stateful", "m = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8, stateful=True)])  # LL106\n"),
    Case("ll106-stateful-input-shape",
         "m = keras.Sequential([layers.LSTM(8, stateful=True, input_shape=(10, 3))])  # LL106\n"),
    Case("ll106-batch-shape-is-fine",
         "m = keras.Sequential([keras.Input(batch_shape=(4, 10, 3)), layers.LSTM(8, stateful=True)])\n",
         run=(4, 10, 3)),
    Case("ll106-batch-size-is-fine",
         "m = keras.Sequential([keras.Input((10, 3), batch_size=4), layers.GRU(8, stateful=True)])\n",
         run=(4, 10, 3)),

    # ---- LL107 use_cudnn=True that cannot run -----------------------------------------------------
    Case("ll107-relu", "m = keras.Sequential([keras.Input((5, 2)),\n"
                       "                      layers.LSTM(8, use_cudnn=True, activation='relu')])  # LL107 LL301\n",
         run=(1, 5, 2)),
    Case("ll107-gru-reset-after",
         "m = keras.Sequential([keras.Input((5, 2)),\n"
         "                      layers.GRU(8, use_cudnn=True, reset_after=False)])  # LL107 LL301\n",
         run=(1, 5, 2)),
    Case("ll107-activation-function",
         "m = keras.Sequential([keras.Input((5, 2)), layers.LSTM(8, use_cudnn=True,  # LL107 LL301\n"
         "                                                  activation=keras.activations.relu)])\n",
         run=(1, 5, 2)),
    Case("ll107-tanh-function-can-run",
         "m = keras.Sequential([keras.Input((5, 2)), layers.LSTM(8, activation=keras.ops.tanh)])\n",
         run=(1, 5, 2)),
    Case("ll107-auto-falls-back", "m = keras.Sequential([keras.Input((5, 2)),\n"
                                  "                      layers.LSTM(8, activation='relu')])  # LL301\n",
         run=(1, 5, 2)),

    # ---- LL1xx on a Sequential built late: by build(), predict() or a call on data --------------------
    Case("ll101-after-build", "m = keras.Sequential([layers.LSTM(8), layers.LSTM(4)])  # LL101\n"
                              "m.build((None, 10, 3))\n"),
    Case("ll101-after-predict", "import numpy as np\n"
                                "m = keras.Sequential([layers.LSTM(8), layers.LSTM(4)])  # LL101\n"
                                "m.predict(np.zeros((2, 10, 3)), verbose=0)\n"),
    Case("ll101-popped-before-build", "m = keras.Sequential([layers.LSTM(8), layers.LSTM(4)])\nm.pop()\n"
                                      "m.build((None, 10, 3))\n", run=(2, 10, 3)),
    Case("ll101-popped-then-added", "m = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(2)])\n"
                                    "m.pop()\nm.add(layers.LSTM(4))  # LL101\n"),

    # ---- LL108 attributes of a Sequential never called -------------------------------------------------
    Case("ll108-input-of-sequential-with-input",
         "m = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(1)])\n"
         "features = keras.Model(m.input, m.layers[-2].output)  # LL108\n"),
    Case("ll108-output-of-unbuilt", "m = keras.Sequential([layers.Dense(4), layers.Dense(2)])\n"
                                    "y = m.output  # LL108\n"),
    Case("ll108-outputs-of-unbuilt", "m = keras.Sequential([layers.Dense(4), layers.Dense(2)])\n"
                                     "y = m.outputs  # LL108\n"),
    Case("ll108-plural-of-built-is-fine",
         "m = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(1)])\n"
         "features = keras.Model(m.inputs, m.layers[-2].output)\n", run=(2, 10, 3)),
    Case("ll108-called-as-a-layer-is-fine", "block = keras.Sequential([layers.Dense(4), layers.Dense(2)])\n"
                                            "inputs = keras.Input((3,))\nm = keras.Model(inputs, block(inputs))\n"
                                            "y = block.output\n", run=(2, 3)),

    # ---- LL109 build() on another shape than the input's ---------------------------------------------
    Case("ll109-build-without-batch", "m = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8)])\n"
                                      "m.build((10, 3))  # LL109\n"),
    Case("ll109-build-after-predict", "import numpy as np\nm = keras.Sequential([layers.LSTM(8)])\n"
                                      "m.predict(np.zeros((4, 10, 3)), verbose=0)\n"
                                      "m.build((None, 10, 3))  # LL109\n"),
    Case("ll109-same-shape-is-fine", "m = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8)])\n"
                                     "m.build((None, 10, 3))\nm.build([None, 10, 3])\n", run=(2, 10, 3)),

    # ---- LL110 an application's arguments -----------------------------------------------------------
    # Keras checks these before it builds anything (or downloads weights).
    Case("ll110-imagenet-with-other-classes",
         "base = keras.applications.ResNet50(weights='imagenet', include_top=True, classes=10)  # LL110\n"),
    Case("ll110-input-below-minimum",
         "base = keras.applications.VGG16(weights=None, include_top=False, input_shape=(16, 16, 3))  # LL110\n"),

    # ---- LL112 two layers of one model with one name ----------------------------------------------
    Case("ll112-name-given-twice",
         "m = keras.Sequential([keras.Input((4,)), layers.Dense(8, name='h'),\n"
         "                      layers.Dense(2, name='h')])  # LL112\n"),
    Case("ll112-name-given-as-a-default-name",
         "x = keras.Input((4,))\nh = layers.Dense(8)(x)\n"
         "m = keras.Model(x, layers.Dense(2, name='dense')(h))  # LL112\n"),
    Case("ll112-a-shared-layer-and-two-models-are-fine",
         "s = layers.Dense(4, name='s')\nx = keras.Input((4,))\nm = keras.Model(x, s(s(x)))\n"
         "a = keras.Sequential([keras.Input((4,)), layers.Dense(2, name='out')])\n"
         "b = keras.Sequential([keras.Input((4,)), layers.Dense(2, name='out')])\n", run=(1, 4)),
    Case("ll112-names-chosen-at-run-time-are-not-judged",
         "import sys\nsecond = 'h' if len(sys.argv) > 500 else 'k'\n"
         "m = keras.Sequential([keras.Input((4,)), layers.Dense(8, name='h'), layers.Dense(2, name=second)])\n",
         run=(1, 4)),
    # ---- LL113 keras.layers.experimental, which Keras 3 does not have --------------------------------
    Case("ll113-experimental-preprocessing",
         "m = keras.Sequential([keras.Input((8, 8, 3)),\n"
         "                      layers.experimental.preprocessing.Rescaling(1 / 255)])  # LL113\n"),
    # ---- LL114 TensorFlow ops on symbolic tensors ----------------------------------------------------
    Case("ll114-tf-concat-between-layers",
         "import tensorflow as tf\na, b = keras.Input((8,)), keras.Input((4,))\n"
         "joined = tf.concat([layers.Dense(3)(a), b], axis=-1)  # LL114\n"
         "m = keras.Model([a, b], layers.Dense(1)(joined))\n"),
    Case("ll114-tf-op-in-a-layers-call-is-fine",
         "import tensorflow as tf\nclass Mean(layers.Layer):\n    def call(self, x):\n"
         "        return tf.reduce_mean(x, axis=1)\n"
         "x = keras.Input((10, 3))\nm = keras.Model(x, layers.Dense(1)(Mean()(x)))\n", run=(2, 10, 3)),
    # ---- LL115 arguments Layer.__call__ refuses --------------------------------------------------
    Case("ll115-mask-given-by-position",
         "class Encoder(layers.Layer):\n    def __init__(self):\n        super().__init__()\n"
         "        self.dense = layers.Dense(4)\n\n    def call(self, x, mask=None):\n        return self.dense(x)\n"
         "x = keras.Input((10, 3))\nm = keras.Model(x, Encoder()(x, None))  # LL115\n"),
    Case("ll115-mask-by-keyword-is-fine",
         "class Encoder(layers.Layer):\n    def __init__(self):\n        super().__init__()\n"
         "        self.dense = layers.Dense(4)\n\n    def call(self, x, mask=None):\n        return self.dense(x)\n"
         "x = keras.Input((10, 3))\nm = keras.Model(x, Encoder()(x, mask=None))\n", run=(2, 10, 3)),
    # ---- LL116 a super() call that skips Keras's own __init__ ------------------------------------------
    Case("ll116-super-of-model-skips-model-init",
         "import numpy as np\nclass Net(keras.Model):\n    def __init__(self):\n"
         "        super(keras.Model, self).__init__()  # LL116\n"
         "        self.dense = layers.Dense(4)\n\n    def call(self, x):\n        return self.dense(x)\n"
         "m = Net()\nm(np.zeros((2, 8)))\n"),
    Case("ll116-super-of-the-class-itself-is-fine",
         "class Net(keras.Model):\n    def __init__(self):\n        super(Net, self).__init__()\n"
         "        self.dense = layers.Dense(4)\n\n    def call(self, x):\n        return self.dense(x)\n"
         "m = Net()\n", run=(2, 8)),
    # ---- LL111 outputs not connected to the inputs -------------------------------------------------
    Case("ll111-called-sequentials-input", "base = keras.Sequential([layers.Dense(4, name='d1'), layers.Dense(2)])\n"
                                           "base(keras.Input((16,)))\n"
                                           "feat = keras.Model(base.input, base.get_layer('d1').output)  # LL111\n"),
    Case("ll111-second-input-missing", "a, b = keras.Input((8,)), keras.Input((4,))\n"
                                       "y = layers.Add()([layers.Dense(3)(a), layers.Dense(3)(b)])\n"
                                       "m = keras.Model(a, y)  # LL111\n"),
    Case("ll111-built-sequentials-inputs-are-fine",
         "base = keras.Sequential([layers.Dense(4, name='d1'), layers.Dense(2)])\nbase(keras.Input((16,)))\n"
         "m = keras.Model(base.inputs, base.get_layer('d1').output)\n", run=(2, 16)),
    Case("ll111-in-some-runs-only", "import sys\na, b = keras.Input((8,)), keras.Input((8,))\n"
                                    "y = layers.Dense(3)(b)\n"
                                    "m = keras.Model(b if len(sys.argv) < 1000 else a, y)\n"),

    # ---- LL103/LL102 on Keras's other callables -------------------------------------------------------
    Case("ll103-input-keyword", "inputs = keras.Input(shap=(4,))  # LL103\n"),
    Case("ll102-input-shape-int", "inputs = keras.Input(shape=13)  # LL102\n"),
    Case("ll103-sequential-keyword", "m = keras.Sequential([keras.Input((4,)), layers.Dense(1)], nmae='m')  # LL103\n"),
    Case("ll103-adam-lr", "m = keras.Sequential([keras.Input((4,)), layers.Dense(1)])\n"
                          "m.compile(optimizer=keras.optimizers.Adam(lr=0.01), loss='mse')  # LL103\n"),
    Case("ll103-compile-keyword", "m = keras.Sequential([keras.Input((4,)), layers.Dense(1)])\n"
                                  "m.compile(optimizer='adam', loss='mse', metric=['mae'])  # LL103\n"),
    Case("ll103-predict-keyword", "import numpy as np\nm = keras.Sequential([keras.Input((4,)), layers.Dense(1)])\n"
                                  "m.predict(np.zeros((2, 4)), verbos=0)  # LL103\n"),
    Case("ll103-keywords-keras-takes",
         "import numpy as np\ninputs = keras.Input(shape=(4,), batch_size=2, name='x')\n"
         "m = keras.Model(inputs=inputs, outputs=layers.Dense(1)(inputs), name='m')\n"
         "m.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, clipnorm=1.0), loss='mse',\n"
         "          metrics=['mae'], jit_compile=False)\n"
         "m.fit(np.zeros((2, 4)), np.zeros((2, 1)), batch_size=2, epochs=1, verbose=0, shuffle=False)\n"
         "m.predict(np.zeros((2, 4)), batch_size=2, verbose=0)\n", run=(2, 4)),

    # ---- LL3xx: the model builds ------------------------------------------------------------------
    Case("ll301-relu", "r = layers.LSTM(50, activation='relu')  # LL301\n"),
    Case("ll301-hard-sigmoid", "r = layers.LSTM(50, recurrent_activation='hard_sigmoid')  # LL301\n"),
    Case("ll301-recurrent-dropout", "r = layers.GRU(50, recurrent_dropout=0.2)  # LL301\n"),
    Case("ll301-unroll", "r = layers.LSTM(50, unroll=True)  # LL301\n"),
    Case("ll301-no-bias", "r = layers.GRU(50, use_bias=False)  # LL301\n"),
    Case("ll301-reset-after", "r = layers.GRU(50, reset_after=False)  # LL301\n"),
    Case("ll301-rnn-cell", "r = layers.RNN(layers.LSTMCell(4))  # LL301\n"),
    Case("ll301-linear-activation", "r = layers.LSTM(50, activation=None)  # LL301\n"),
    Case("ll301-defaults-and-dropout-are-fine",
         "r = layers.LSTM(50, dropout=0.3, activation='tanh', recurrent_activation='sigmoid')\n"),
    Case("ll301-simple-rnn-is-not-cudnn", "r = layers.SimpleRNN(50, activation='relu')\n"),
    Case("ll302-dense", "d = layers.Dense(1, activation='softmax')  # LL302\n"),
    Case("ll302-two-units-is-fine", "d = layers.Dense(2, activation='softmax')\n"),
    Case("ll303-input-shape-on-second-layer",
         "m = keras.Sequential([\n    layers.Dense(8, input_shape=(4,)),\n"
         "    layers.Dense(2, input_shape=(8,)),  # LL303\n])\n"),
    Case("ll303-embedding-input-length-on-a-tensor",
         "x = keras.Input((7,))\nm = keras.Model(x, layers.Embedding(50, 4, input_length=7)(x))  # LL303\n",
         run=(1, 7)),
    # Keras 3 ignores input_length even first in a Sequential: the build gives the length.
    Case("ll303-embedding-first-then-built",
         "m = keras.Sequential([layers.Embedding(50, 4, input_length=7), layers.Flatten()])  # LL303\n"
         "m.build((None, 7))\n", run=(1, 7)),
    Case("ll304-unroll-long",
         "m = keras.Sequential([keras.Input((500, 3)), layers.SimpleRNN(8, unroll=True)])  # LL304\n"),
    Case("ll304-unroll-variable-length",
         "m = keras.Sequential([keras.Input((None, 3)), layers.SimpleRNN(8, unroll=True)])  # LL304\n"),
    Case("ll304-unroll-short-is-fine",
         "m = keras.Sequential([keras.Input((20, 3)), layers.SimpleRNN(8, unroll=True)])\n", run=(1, 20, 3)),
    Case("ll304-setting",
         "m = keras.Sequential([keras.Input((50, 3)), layers.SimpleRNN(8, unroll=True)])  # LL304\n",
         settings=(("max-unroll-steps", "40"),)),
    Case("ll305-categorical-on-one-unit",
         "m = keras.Sequential([keras.Input((4,)), layers.Dense(1, activation='sigmoid')])\n"
         "m.compile(optimizer='adam', loss='categorical_crossentropy')  # LL305\n"),
    Case("ll305-binary-after-softmax",
         "m = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation='softmax')])\n"
         "m.compile(optimizer='adam', loss='binary_crossentropy')  # LL305\n"),
    Case("ll305-from-logits-after-softmax",
         "m = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation='softmax')])\n"
         "m.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))  # LL305\n"),
    Case("ll305-fitting-losses-are-fine",
         "m = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation='softmax')])\n"
         "m.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])\n"
         "b = keras.Sequential([keras.Input((4,)), layers.Dense(1, activation='sigmoid')])\n"
         "b.compile(optimizer='adam', loss='binary_crossentropy')\n"
         "g = keras.Sequential([keras.Input((4,)), layers.Dense(3)])\n"
         "g.compile(optimizer='adam', loss=keras.losses.CategoricalCrossentropy(from_logits=True))\n"),
    Case("ll306-percentage", "r = layers.LSTM(32, dropout=20)  # LL306\n"),
    Case("ll306-recurrent", "r = layers.SimpleRNN(32, recurrent_dropout=1.5)  # LL306\n"),
    Case("ll307-per-sample-targets",
         "import numpy as np\n"
         "m = keras.Sequential([\n    keras.Input((10, 3)),\n    layers.LSTM(8, return_sequences=True),  # LL307\n"
         "    layers.Dense(1),\n])\nm.compile(optimizer='adam', loss='mse')\n"
         "m.fit(np.zeros((4, 10, 3)), np.zeros((4, 1)), epochs=1, verbose=0)\n"),
    Case("ll307-per-step-targets-are-fine",
         "import numpy as np\n"
         "m = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8, return_sequences=True), layers.Dense(1)])\n"
         "m.compile(optimizer='adam', loss='mse')\n"
         "m.fit(np.zeros((4, 10, 3)), np.zeros((4, 10, 1)), epochs=1, verbose=0)\n"),
    Case("ll308-padding-without-mask",
         "from keras.utils import pad_sequences\nx = pad_sequences([[1, 2], [3]], maxlen=5, padding='post')\n"
         "m = keras.Sequential([keras.Input((5,)), layers.Embedding(10, 4), layers.LSTM(3)])  # LL308\n"),
    Case("ll308-mask-dropped-by-flatten",
         "m = keras.Sequential([keras.Input((5,)), layers.Embedding(10, 4, mask_zero=True), "
         "layers.Flatten()])  # LL308\n"),
    Case("ll308-mask-with-front-padding",
         "from keras.utils import pad_sequences\nx = pad_sequences([[1, 2], [3]], maxlen=5)\n"
         "m = keras.Sequential([\n    keras.Input((5,)),\n    layers.Embedding(10, 4, mask_zero=True),  # LL308\n"
         "    layers.Bidirectional(layers.LSTM(3)),\n])\n"),
    Case("ll308-front-padding-without-cudnn-is-fine",
         "from keras.utils import pad_sequences\nx = pad_sequences([[1, 2], [3]], maxlen=5)\n"
         "m = keras.Sequential([keras.Input((5,)), layers.Embedding(10, 4, mask_zero=True), layers.SimpleRNN(3)])\n"),
    Case("ll308-masked-and-post-padded-is-fine",
         "from keras.utils import pad_sequences\nx = pad_sequences([[1, 2], [3]], maxlen=5, padding='post')\n"
         "m = keras.Sequential([keras.Input((5,)), layers.Embedding(10, 4, mask_zero=True), layers.LSTM(3)])\n"),
    Case("ll309-reversed", "r = layers.LSTM(4, go_backwards=True, return_sequences=True)  # LL309\n"),
    Case("ll309-last-state-is-fine", "r = layers.LSTM(4, go_backwards=True)\n"),
    Case("ll309-hand-built-bidirectional",
         "x = keras.Input((10, 3))\nf = layers.LSTM(4, return_sequences=True)(x)\n"
         "b = layers.LSTM(4, go_backwards=True, return_sequences=True)(x)  # LL309\n"
         "m = keras.Model(x, layers.concatenate([f, b]))\n", run=(2, 10, 3)),
    Case("ll309-hand-built-bidirectional-flipped-back",
         "x = keras.Input((10, 3))\nf = layers.LSTM(4, return_sequences=True)(x)\n"
         "b = layers.LSTM(4, go_backwards=True, return_sequences=True)(x)\n"
         "m = keras.Model(x, layers.concatenate([f, keras.ops.flip(b, axis=1)]))\n", run=(2, 10, 3)),
    Case("ll309-every-flip-form",
         "from keras import ops\nx = keras.Input((10, 3))\n"
         "y = layers.GRU(4, go_backwards=True, return_sequences=True)(x)\n"
         "m = keras.Model(x, [ops.flip(y, 1), ops.flip(y, axis=-2), ops.flip(y), y[:, ::-1], y[:, ::-1, :]])\n",
         run=(2, 10, 3)),
    Case("ll309-one-use-not-flipped",
         "x = keras.Input((10, 3))\ny = layers.LSTM(4, go_backwards=True, return_sequences=True)(x)  # LL309\n"
         "m = keras.Model(x, [keras.ops.flip(y, axis=1), layers.Dense(1)(y)])\n", run=(2, 10, 3)),
    Case("ll309-flip-over-features",
         "x = keras.Input((10, 3))\ny = layers.LSTM(4, go_backwards=True, return_sequences=True)(x)  # LL309\n"
         "m = keras.Model(x, keras.ops.flip(y, axis=-1))\n", run=(2, 10, 3)),
    Case("ll309-slice-over-batch",
         "x = keras.Input((10, 3))\ny = layers.LSTM(4, go_backwards=True, return_sequences=True)(x)  # LL309\n"
         "m = keras.Model(x, y[::-1, :])\n", run=(2, 10, 3)),
    Case("ll309-sequential-lambda-may-flip",
         "m = keras.Sequential([keras.Input((10, 3)), layers.SimpleRNN(4, go_backwards=True, return_sequences=True),\n"
         "                      layers.Lambda(lambda t: keras.ops.flip(t, axis=1))])\n", run=(2, 10, 3)),
    Case("ll309-sequential-dense-after",
         "m = keras.Sequential([keras.Input((10, 3)),\n"
         "                      layers.SimpleRNN(4, go_backwards=True, return_sequences=True),  # LL309\n"
         "                      layers.Dense(1)])\n", run=(2, 10, 3)),
    Case("ll310-oversized-heads",
         "x = keras.Input((50, 64))\n"
         "y = layers.MultiHeadAttention(num_heads=8, key_dim=64)(x, x)  # LL310\n"),
    Case("ll310-per-head-size-is-fine",
         "x = keras.Input((50, 64))\ny = layers.MultiHeadAttention(num_heads=8, key_dim=8)(x, x)\n"),
    Case("ll391-time-distributed-dense",
         "m = keras.Sequential([keras.Input((10, 3)), layers.TimeDistributed(layers.Dense(2))])  # LL391\n"),
    Case("ll392-bias-before-batch-norm",
         "m = keras.Sequential([keras.Input((4,)), layers.Dense(8), layers.BatchNormalization()])  # LL392\n"),

    # ---- LL2xx budgets ----------------------------------------------------------------------------
    Case("ll201-model-budget",
         "m = keras.Sequential([keras.Input((400, 3)), layers.LSTM(50), layers.Dense(1)])  # LL201\n",
         settings=(("max-model-params", "10_000"),)),
    Case("ll201-within-budget",
         "m = keras.Sequential([keras.Input((400, 3)), layers.LSTM(50), layers.Dense(1)])\n",
         settings=(("max-model-params", "1e6"),)),
    Case("ll201-unknown-total-is-not-over-but-not-checked",
         "import os\nn = int(os.environ.get('FEATURES', '3'))\n"
         "m = keras.Sequential([keras.Input((400, n)), layers.LSTM(50), layers.Dense(1)])  # LL204\n",
         settings=(("max-model-params", "10"),)),
    Case("ll202-layer-budget",
         "m = keras.Sequential([keras.Input((400, 3)), layers.LSTM(50), layers.Dense(1)])  # LL202\n",
         settings=(("max-layer-params", "10_000"),)),
    Case("ll203-inline-budget-above",
         "# lstm-lint: max-params=10_000\n"
         "m = keras.Sequential([keras.Input((400, 3)), layers.LSTM(50), layers.Dense(1)])  # LL203\n"),
    Case("ll203-inline-budget-on-the-line",
         "m = keras.Sequential([keras.Input((400, 3)), layers.LSTM(50)])  # lstm-lint: max-params=1e3  LL203\n"),
    Case("ll203-inline-budget-overrides-the-global-one",
         "# lstm-lint: max-params=1_000_000\n"
         "m = keras.Sequential([keras.Input((400, 3)), layers.LSTM(50), layers.Dense(1)])\n",
         settings=(("max-model-params", "100"),)),
]
