"""Unknown counts shown as exact formulas in the code's own names: each formula here must
evaluate, in the namespace of the program run in real Keras, to the count Keras gives, for several
values of its names. Each case's data lines are what lstm-lint reads (values known only at run
time); for Keras they are replaced by stand-ins that give the names the chosen values."""
from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any, Callable, Dict, List

import numpy as np
import pytest

from lstm_lint.engine import analyse_program
from tests import keras_env  # noqa: F401  (the backend is chosen before the programs import Keras)

PRELUDE = "import numpy as np\nimport keras\nfrom keras import layers\n"


@dataclass(frozen=True)
class Case:
    name: str
    data: str  # what lstm-lint reads: values known only at run time
    stand_in: Callable[[int], str]  # for Keras: the same names with values from one integer
    model: str
    # The names each model's total formula is in, in order (a check that the formula is the one
    # meant, not only a number that happens to match).
    names: Dict[str, List[str]]


def _lines(text: str) -> str:
    return textwrap.dedent(text).strip("\n") + "\n"


CASES = [
    Case("a Dense on len() of a list read at run time",
         'import pandas as pd\ndf = pd.read_csv("labels.csv")\nclass_names = sorted(df["label"].unique())\n',
         lambda v: f"class_names = list(range({v}))\n",
         _lines("""
             model = keras.Sequential([keras.Input(shape=(128,)), layers.Dense(len(class_names))])
         """),
         {"model": ["len(class_names)"]}),
    Case("an Embedding on a vocabulary size",
         'import json\nword_index = json.load(open("vocab.json"))\nvocab_size = len(word_index) + 1\n',
         lambda v: f"vocab_size = {v + 2}\n",
         _lines("""
             model = keras.Sequential([
                 keras.Input(shape=(20,)),
                 layers.Embedding(vocab_size, 100),
                 layers.LSTM(32),
                 layers.Dense(10, activation="softmax"),
             ])
         """),
         {"model": ["vocab_size"]}),
    Case("an input width and a class count from arrays",
         'X_train = np.load("x.npy")\ny_train = np.load("y.npy")\nnum_classes = int(y_train.max()) + 1\n',
         lambda v: f"X_train = np.zeros((4, {v + 3}))\nnum_classes = {2 * v + 1}\n",
         _lines("""
             inputs = keras.Input(shape=(X_train.shape[1],))
             hidden = layers.Dense(64, activation="relu")(inputs)
             hidden = layers.BatchNormalization()(hidden)
             outputs = layers.Dense(num_classes, activation="softmax")(hidden)
             classifier = keras.Model(inputs, outputs)
         """),
         {"classifier": ["X_train.shape[1]", "num_classes"]}),
    Case("recurrent units from the command line: a square",
         'import argparse\nparser = argparse.ArgumentParser()\nargs = parser.parse_args()\nunits = args.units\n',
         lambda v: f"units = {v}\n",
         _lines("""
             model = keras.Sequential([
                 keras.Input(shape=(30, 8)),
                 layers.LSTM(units, return_sequences=True),
                 layers.GRU(units),
                 layers.Dense(1),
             ])
         """),
         {"model": ["units"]}),
    Case("a bidirectional layer and arithmetic in the code",
         'import os\nn = int(os.environ["WIDTH"])\n',
         lambda v: f"n = {v}\n",
         _lines("""
             model = keras.Sequential([
                 keras.Input(shape=(None, 2 * n + 1)),
                 layers.Bidirectional(layers.LSTM(n - 0)),
                 layers.Dense(n ** 2),
                 layers.Dense(3 * n - 1),
             ])
         """),
         {"model": ["n"]}),
    Case("a time series: features from the data's shape",
         'import pandas as pd\nframe = pd.read_csv("series.csv").values\nX = frame.reshape(-1, 24, 1)\n'
         'n_features = X.shape[2]\nn_steps = X.shape[1]\n',
         lambda v: f"n_features = {v}\nn_steps = {v + 5}\n",
         _lines("""
             model = keras.Sequential()
             model.add(keras.Input(shape=(n_steps, n_features)))
             model.add(layers.LSTM(50, activation="tanh"))
             model.add(layers.Dense(n_features))
         """),
         {"model": ["n_features"]}),
    Case("a flattened input of two run-time sizes",
         'X = np.load("images.npy")\nheight, width = X.shape[1], X.shape[2]\n',
         lambda v: f"height, width = {v}, {v + 4}\n",
         _lines("""
             model = keras.Sequential([
                 keras.Input(shape=(height, width, 3)),
                 layers.Conv2D(8, 3, padding="same"),
                 layers.Flatten(),
                 layers.Dense(10),
             ])
         """),
         {"model": ["height", "width"]}),
    Case("convolutions and normalizations over run-time channels",
         'import sys\nchannels = int(sys.argv[1])\n',
         lambda v: f"channels = {v}\n",
         _lines("""
             model = keras.Sequential([
                 keras.Input(shape=(12, 12, channels)),
                 layers.BatchNormalization(),
                 layers.Conv2D(8, 3),
                 layers.SeparableConv2D(4, 3),
                 layers.Conv2DTranspose(channels, 3),
                 layers.DepthwiseConv2D(3, depth_multiplier=2),
                 layers.LayerNormalization(),
                 layers.Conv2D(5, 1),
             ])
         """),
         {"model": ["channels"]}),
    Case("a builder given a run-time size",
         'import sys\nhidden_size = int(sys.argv[1])\n',
         lambda v: f"hidden_size = {v}\n",
         _lines("""
             def build(units):
                 return keras.Sequential([keras.Input(shape=(16,)), layers.Dense(units), layers.Dense(units)])
             model = build(hidden_size)
         """),
         {"model": ["hidden_size"]}),
]


def _analysed(case: Case) -> Dict[str, Dict[str, Any]]:
    source = PRELUDE + case.data + case.model
    models = analyse_program(source).analysis.to_json()["models"]
    return {model["name"]: model for model in models}


def _keras_run(case: Case, value: int) -> Dict[str, Any]:
    namespace: Dict[str, Any] = {}
    exec(compile(PRELUDE + case.stand_in(value) + case.model, "<case>", "exec"), namespace)
    return namespace


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_formula_is_keras_count_for_several_values(case: Case) -> None:
    found = _analysed(case)
    for model_name, names in case.names.items():
        model = found[model_name]
        assert model["total_params"] is None, "a count that depends on run-time values is not a number"
        expression = model.get("total_params_expr")
        assert expression is not None, model
        for name in names:
            assert name in expression, (name, expression)
        for value in (1, 3, 7, 16):
            namespace = _keras_run(case, value)
            keras_model = namespace[model_name]
            assert eval(expression, namespace) == keras_model.count_params(), (expression, value)
            trainable = model.get("trainable_params_expr") or str(model["trainable_params"])
            expected_trainable = sum(int(np.prod(w.shape)) for w in keras_model.trainable_weights)
            assert eval(trainable, namespace) == expected_trainable
            rows = model["layers"]
            assert len(rows) == len(keras_model.layers)
            for row, layer in zip(rows, keras_model.layers):
                count = row["params"] if row["params"] is not None else eval(row.get("params_expr"), namespace)
                assert count == layer.count_params(), (row, value)


def _total(source: str) -> Dict[str, Any]:
    models = analyse_program(PRELUDE + textwrap.dedent(source)).analysis.to_json()["models"]
    assert len(models) == 1
    return models[0]


@pytest.mark.parametrize("line", [
    "layers.Dense(n // 2)",  # a floor division: no polynomial
    "layers.Dense(max(n, 4))",
    "layers.Dense(int(n * 1.5))",
    "layers.Dense(n if n > 3 else 8)",
])
def test_what_is_no_polynomial_stays_unknown(line: str) -> None:
    model = _total(f"""\
        import os
        n = int(os.environ["N"])
        model = keras.Sequential([keras.Input(shape=(5,)), {line}])
        """)
    assert model["total_params"] is None and model.get("total_params_expr") is None


def test_a_strided_convolution_over_a_run_time_length_stays_unknown() -> None:
    # The output length is floor((n - 3) / 2) + 1: not a polynomial in n.
    model = _total("""\
        import os
        n = int(os.environ["N"])
        model = keras.Sequential([keras.Input(shape=(n, 4)), layers.Conv1D(8, 3, strides=2),
                                  layers.Flatten(), layers.Dense(2)])
        """)
    assert model.get("total_params_expr") is None
    assert model["layers"][0]["params"] == 3 * 4 * 8 + 8  # the convolution's own count is known


def test_two_values_under_one_name_give_no_formula() -> None:
    """``n`` bound on each pass of a loop is a different value each time: a formula in "n" would
    mean one value, so none is shown where two meet."""
    model = _total("""\
        import os
        model = keras.Sequential([keras.Input(shape=(3,))])
        for key in ("A", "B"):
            n = int(os.environ[key])
            model.add(layers.Dense(n))
        """)
    assert model["total_params"] is None and model.get("total_params_expr") is None
    # Nor in its rows: two rows in "n" would read as one value.
    assert [layer.get("params_expr") for layer in model["layers"]] == [None, None]


def test_a_value_joined_from_two_branches_is_named_where_it_is_bound() -> None:
    model = _total("""\
        import os
        if os.environ.get("BIG"):
            width = 128
        else:
            width = int(os.environ["WIDTH"])
        model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(width)])
        """)
    # After the branch, width is 128 or a run-time value: not one name bound once.
    assert model.get("total_params_expr") is None


def test_text_and_json_show_the_formula() -> None:
    from lstm_lint.formats import summary_text
    source = PRELUDE + CASES[1].data + CASES[1].model
    analysis = analyse_program(source).analysis
    text = summary_text.render_model(analysis.models[0], "x.py")
    assert " Total params: 100 × vocab_size + 17,354 [1]" in text
    assert "│ 100 × vocab_size [1] │" in text.replace("  ", "")
    assert analysis.to_json()["models"][0].get("total_params_expr") == "100 * vocab_size + 17354"


def test_names_the_code_does_not_bind_are_never_used() -> None:
    """Only a name the code binds, an attribute or item of one, or ``len`` of one names a value."""
    model = _total("""\
        import os
        model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(int(os.environ["N"]) + 1)])
        """)
    assert model.get("total_params_expr") is None


def test_a_local_is_named_as_assume_spells_it_never_as_a_module_name() -> None:
    """A builder's parameter ``n`` beside a module-level ``n``: the formula says ``head.n``, so
    that read in the module's names it never means the other value."""
    import types

    source = PRELUDE + textwrap.dedent("""\
        import sys
        n = int(sys.argv[1])
        def head(x, n=int(sys.argv[3])):
            return layers.Dense(n)(x)
        k = int(sys.argv[2])
        inp2 = keras.Input(shape=(k,))
        model2 = keras.Model(inp2, head(layers.Dense(k)(inp2)))
        """)
    model = {m["name"]: m for m in analyse_program(source).analysis.to_json()["models"]}["model2"]
    expression = model["total_params_expr"]
    assert "head.n" in expression and "n" not in expression.replace("head.n", "")
    for n, k, local in ((3, 5, 7), (1, 2, 9)):
        run = source.replace("int(sys.argv[1])", str(n)).replace("int(sys.argv[2])", str(k)) \
            .replace("int(sys.argv[3])", str(local))
        namespace: Dict[str, Any] = {}
        exec(compile(run, "<case>", "exec"), namespace)
        names = {**namespace, "head": types.SimpleNamespace(n=local)}
        assert eval(expression, names) == namespace["model2"].count_params()


def test_one_name_for_two_values_in_one_model_gives_no_formula_anywhere_in_it() -> None:
    model = _total("""\
        import sys
        n = int(sys.argv[1])
        inp = keras.Input(shape=(n,))
        h = layers.Dense(8)(inp)
        n = int(sys.argv[2])
        model = keras.Model(inp, layers.Dense(n)(h))
        """)
    assert model.get("total_params_expr") is None
    assert [layer.get("params_expr") for layer in model["layers"]] == [None, None, None]
    assert all(dim != "n" for layer in model["layers"] for dim in layer["output_shape"] or [])


def test_a_stream_without_the_signs_gets_formulas_as_python_writes_them() -> None:
    from lstm_lint.formats import summary_text
    from lstm_lint.formats.style import Style

    source = PRELUDE + CASES[3].data + CASES[3].model  # recurrent units: a square
    analysis = analyse_program(source).analysis
    text = summary_text.render_model(analysis.models[0], "x.py", Style(False, ascii_only=True))
    assert text.isascii() and "units**2" in text and " * units" in text
    widths = {len(line) for line in text.splitlines() if line.startswith(("|", "+"))}
    assert len(widths) == 1  # the table stays aligned


def test_a_class_bodys_names_are_not_module_names_in_formulas() -> None:
    """``units`` bound in a class body beside a module-level ``units``: no formula may say
    ``units`` for it (read in the module's names it would mean the other value)."""
    model = _total("""\
        import sys
        units = 3
        class Config:
            units = int(sys.argv[1])
        model = keras.Sequential([keras.Input((4,)), layers.Dense(Config.units)])
        """)
    assert model["total_params"] is None
    assert "units" not in (model.get("total_params_expr") or "").replace("Config.units", "")
