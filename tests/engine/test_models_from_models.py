"""Models made from other models, and Sequentials built late: each program is run in Keras and
lstm-lint must report the same models (totals, and per row of ``model.layers`` its name, class,
output shape and count), or unknowns where a run may differ."""
from __future__ import annotations

from typing import Any, Dict, List

import pytest

from lstm_lint import analyse_source
from tests.keras_diff import reference
from tests.keras_diff.compare import differences, wrong_counts

PROGRAMS = {
    "pop_then_add": """import keras
from keras import layers
model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(4), layers.Dense(2)])
model.pop()
model.add(layers.Dense(3))
""",
    "pop_twice_keeps_the_popped_layer": """import keras
from keras import layers
model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8, return_sequences=True), layers.LSTM(4),
                          layers.Dense(2)])
last = model.pop()
model.pop()
model.add(layers.GRU(3))
head = keras.Sequential([keras.Input((4,)), last])
""",
    "pop_before_build": """import keras
from keras import layers
model = keras.Sequential([layers.LSTM(8), layers.Dense(4), layers.Dense(2)])
model.pop()
model.build((None, 7, 3))
""",
    "get_layer_trainable": """import keras
from keras import layers
model = keras.Sequential([keras.Input((10,)), layers.Embedding(100, 8, name="embedding"), layers.LSTM(4),
                          layers.Dense(1)])
model.get_layer("embedding").trainable = False
model.get_layer(index=1).trainable = False
""",
    "get_layer_output": """import keras
from keras import layers
inp = keras.Input((10, 3))
x = layers.LSTM(8, name="enc")(inp)
out = layers.Dense(2)(x)
base = keras.Model(inp, out)
features = keras.Model(base.input, base.get_layer("enc").output)
second = keras.Model(base.inputs, base.layers[-2].output)
""",
    "frozen_base_in_a_model": """import keras
from keras import layers
base = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(4)])
base.trainable = False
model = keras.Sequential([keras.Input((10, 3)), base, layers.Dense(1)])
""",
    "frozen_base_grown_afterwards": """import keras
from keras import layers
base = keras.Sequential([keras.Input((6, 3)), layers.LayerNormalization()])
base.trainable = False
base.add(layers.Dense(1))
frozen_at_birth = keras.Sequential([layers.Dense(2)], trainable=False)
frozen_at_birth.build((None, 6))
model = keras.Sequential([keras.Input((6, 3)), base, layers.Flatten(), frozen_at_birth])
""",
    "rebuilt_on_the_same_shape": """import keras
from keras import layers
model = keras.Sequential([keras.Input((3,)), layers.Dense(2)])
model.build((None, 3))
model.build((None, 3))
inputs = keras.Input((3,))
after = keras.Model(inputs, layers.Dense(1)(inputs))
""",
    "nested_functional_called_as_layer": """import keras
from keras import layers
inp = keras.Input((10, 3))
encoder = keras.Model(inp, layers.LSTM(8)(inp), name="encoder")
x_in = keras.Input((10, 3))
model = keras.Model(x_in, layers.Dense(1)(encoder(x_in)))
""",
    "dict_inputs_and_outputs": """import keras
from keras import layers
x1 = keras.Input((4,), name="a")
x2 = keras.Input((6,), name="b")
h = layers.Concatenate()([x1, x2])
model = keras.Model({"a": x1, "b": x2}, {"y": layers.Dense(2, name="y")(h), "z": layers.Dense(1, name="z")(h)})
""",
    "clone_sequential": """import keras
from keras import layers
base = keras.Sequential([keras.Input((10, 3)), layers.Bidirectional(layers.LSTM(8)), layers.Dense(2)],
                        name="base")
base.layers[0].trainable = False
clone = keras.models.clone_model(base)
after = keras.Sequential([keras.Input((10, 3)), layers.LSTM(2), layers.Dense(1)])
""",
    "clone_functional": """import keras
from keras import layers
a = keras.Input((10, 3), name="a")
b = keras.Input((4,), name="b")
shared = layers.Dense(4, name="shared")
h = layers.LSTM(8, return_sequences=True)(a)
h = layers.Bidirectional(layers.GRU(2))(h)
merged = layers.Concatenate()([shared(h), shared(b)])
base = keras.Model([a, b], layers.Dense(1)(merged), name="two_inputs")
base.get_layer("shared").trainable = False
copy = keras.models.clone_model(base)
after = layers.Dense(3)
""",
    "clone_unbuilt_then_build": """import keras
from keras import layers
base = keras.Sequential([layers.LSTM(8), layers.Dense(2)])
clone = keras.models.clone_model(base)
clone.build((None, 5, 2))
base.build((None, 6, 2))
""",
    "sequential_of_another_models_layers": """import keras
from keras import layers
base = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(4), layers.Dense(2)])
head = keras.Sequential([keras.Input((10, 3))] + base.layers[:-1])
""",
    "built_by_build": """import keras
from keras import layers
model = keras.Sequential([layers.LSTM(8, return_sequences=True), layers.LSTM(4), layers.Dense(2)])
model.build((None, 10, 3))
""",
    "built_by_predict_on_fewer_rows_than_a_batch": """import numpy as np
import keras
from keras import layers
model = keras.Sequential([layers.LSTM(8), layers.Dense(2)])
model.predict(np.random.rand(4, 10, 3), verbose=0)
""",
    "built_by_predict_on_batches": """import numpy as np
import keras
from keras import layers
model = keras.Sequential([layers.LSTM(8), layers.Dense(2)])
model.predict(np.zeros((100, 10, 3)), verbose=0)
other = keras.Sequential([layers.GRU(3), layers.Dense(1)])
other.predict(np.arange(600).reshape(20, 10, 3).astype("float32"), batch_size=8, verbose=0)
""",
    "built_by_a_call_on_data": """import keras
from keras import layers
model = keras.Sequential([layers.LSTM(8), layers.Dense(2)])
model(keras.random.normal((6, 10, 3)))
""",
}


def keras_and_ours(source: str) -> List[str]:
    expected = reference.module_models(source)
    actual = analyse_source(source, "model.py").to_json()["models"]
    return differences(expected, actual, lines=True)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_keras_agrees(name: str) -> None:
    assert keras_and_ours(PROGRAMS[name]) == []


def models(source: str) -> Dict[str, Dict[str, Any]]:
    return {model["name"]: model for model in analyse_source(source, "model.py").to_json()["models"]}


UNDECIDED = "import sys\nimport numpy as np\nimport keras\nfrom keras import layers\n"


def test_a_pop_that_may_not_happen_leaves_the_last_row_unknown() -> None:
    model = models(UNDECIDED + """model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(4),
                          layers.Dense(2)])
if len(sys.argv) > 5:
    model.pop()
""")["model"]
    assert [row["name"] for row in model["layers"]] == ["lstm", "dense", None]
    assert model["layers"][-1]["params"] is None and model["total_params"] is None


def test_a_pop_in_a_loop_of_unknown_length_leaves_the_last_row_unknown() -> None:
    model = models(UNDECIDED + """model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(2)])
for _ in range(int(sys.argv[1])):
    model.pop()
""")["model"]
    assert model["total_params"] is None and model["layers"][-1]["params"] is None


def test_a_build_or_predict_that_may_not_happen_builds_nothing() -> None:
    found = models(UNDECIDED + """first = keras.Sequential([layers.LSTM(8), layers.Dense(2)])
second = keras.Sequential([layers.LSTM(8), layers.Dense(2)])
if sys.argv[1:]:
    first.build((None, 10, 3))
    second.predict(np.zeros((4, 10, 3)))
""")
    for name in ("first", "second"):
        assert found[name]["total_params"] is None
        assert [row["output_shape"] for row in found[name]["layers"]] == [None, None]


def test_get_layer_by_a_name_an_unknown_row_may_have_is_unknown() -> None:
    """A layer made in a loop of unknown length has no known name: get_layer("dense_1") may be it."""
    model = models(UNDECIDED + """model = keras.Sequential([keras.Input((4,))])
for _ in range(int(sys.argv[1])):
    model.add(layers.Dense(4))
model.add(layers.Dense(2, name="out"))
model.add(layers.Dense(3))
model.get_layer("out").trainable = False
""")["model"]
    assert model["trainable_params"] is None


def test_predict_with_an_unknown_batch_size_leaves_the_batch_unknown() -> None:
    model = models(UNDECIDED + """model = keras.Sequential([layers.LSTM(8), layers.Dense(2)])
model.predict(np.zeros((100, 10, 3)), batch_size=int(sys.argv[1]))
""")["model"]
    assert [row["output_shape"] for row in model["layers"]] == [["?", 8], ["?", 2]]
    assert model["total_params"] == 402


def test_a_cloned_unnamed_input_has_a_name_lstm_lint_does_not_count() -> None:
    """Keras names the clone's Input after the input tensor ("keras_tensor_N", from a counter of
    every symbolic tensor made): the row's name is unknown, the rest is Keras's."""
    source = """import keras
from keras import layers
inputs = keras.Input((10, 3))
base = keras.Model(inputs, layers.Dense(1)(layers.LSTM(8)(inputs)))
copy = keras.models.clone_model(base)
"""
    expected = {model["name"]: model for model in reference.module_models(source)}["copy"]
    ours = models(source)["copy"]
    assert ours["layers"][0]["name"] is None and expected["layers"][0]["name"].startswith("keras_tensor")
    ours["layers"][0]["name"] = expected["layers"][0]["name"]
    assert differences([expected], [ours], lines=True) == []


def test_get_layer_on_a_clone_never_takes_its_input_for_a_layer_of_another_name() -> None:
    """The clone's Input is named after the original's tensor, "keras_tensor" or "keras_tensor_<n>"
    (a count lstm-lint does not keep: the row's name is unknown), so get_layer("head") is the
    layer named "head": the split is Keras's."""
    source = """import keras
from keras import layers
inputs = keras.Input(shape=(4,))
base = keras.Model(inputs, layers.Dense(20, name="head")(layers.Dense(16)(inputs)))
copy = keras.models.clone_model(base)
copy.get_layer("head").trainable = False
"""
    expected = {model["name"]: model for model in reference.module_models(source)}["copy"]
    ours = models(source)["copy"]
    assert (expected["trainable_params"], expected["non_trainable_params"]) == (80, 340)
    assert ours["layers"][0]["name"] is None and expected["layers"][0]["name"].startswith("keras_tensor")
    ours["layers"][0]["name"] = expected["layers"][0]["name"]
    assert differences([expected], [ours], lines=True) == []


@pytest.mark.parametrize("asked", ["keras_tensor", "keras_tensor_3"])
def test_get_layer_of_a_keras_tensor_name_on_a_clone_may_be_its_input(asked: str) -> None:
    """A name of the kind the clone's Input may have: which row get_layer gives is not known."""
    source = f"""import keras
from keras import layers
inputs = keras.Input(shape=(4,))
base = keras.Model(inputs, layers.Dense(20, name="{asked}")(inputs))
copy = keras.models.clone_model(base)
copy.get_layer("{asked}").trainable = False
"""
    ours = models(source)["copy"]
    assert ours["total_params"] == 100 and ours["trainable_params"] is None


def test_a_clone_of_a_graph_with_ops_is_not_followed() -> None:
    """An op between layers (``x + 1``) is not replayed: no model is reported for the clone."""
    found = models(UNDECIDED + """inputs = keras.Input((4,))
base = keras.Model(inputs, layers.Dense(1)(inputs + 1.0))
copy = keras.models.clone_model(base)
""")
    assert sorted(found) == ["base"]


def test_a_build_on_data_of_unknown_shape_makes_later_default_names_unknown() -> None:
    """Keras builds the model on whatever the data is, and the build names an InputLayer and a
    Functional: the next keras.Input's default name is not known."""
    found = models(UNDECIDED + """model = keras.Sequential([layers.Dense(2)])
model.predict(np.load(sys.argv[1]))
inputs = keras.Input((3,))
after = keras.Model(inputs, layers.Dense(1)(inputs))
""")
    assert found["after"]["layers"][0]["name"] is None


def test_tensorflow_random_data_builds_as_keras_random_data_does() -> None:
    """``tf.random.normal([...])`` is data of that shape (TensorFlow is no test dependency: the
    program built from ``keras.random.normal`` is the one compared with Keras above)."""
    with_keras = PROGRAMS["built_by_a_call_on_data"]
    with_tensorflow = with_keras.replace("import keras\n", "import keras\nimport tensorflow as tf\n").replace(
        "keras.random.normal((6, 10, 3))", "tf.random.normal([6, 10, 3])")
    assert "tf.random.normal" in with_tensorflow
    keras_rows = models(with_keras)["model"]["layers"]
    tensorflow_rows = models(with_tensorflow)["model"]["layers"]
    assert [row["output_shape"] for row in tensorflow_rows] == [row["output_shape"] for row in keras_rows] == [
        [6, 8], [6, 2]]


UNBUILT_NESTED = """import keras
from keras import layers

base = keras.Sequential([keras.Input((16,)), layers.Dense(64, name="fc1"),
                         layers.Dense(32, name="fc2"), layers.Dense(10, name="probs")])
trunk = keras.Sequential(base.layers[:-1], name="trunk")
new_head = keras.Sequential([trunk, layers.Dense(3)], name="new_head")
"""


def test_an_unbuilt_nested_sequential_row_is_unbuilt_though_its_layers_hold_weights() -> None:
    # ``trunk`` has no input of its own: Keras prints ``0 (unbuilt)`` in its row, while the totals
    # count the weights its layers (built by ``base``) hold.
    expected = reference.printed_models(UNBUILT_NESTED)
    assert [layer["params"] for layer in expected["new_head"]["layers"]] == [0, 0]
    assert expected["new_head"]["total_params"] == 3168
    ours = models(UNBUILT_NESTED)
    assert {name: wrong_counts(expected[name], ours[name]) for name in expected} == {
        name: [] for name in ("base", "trunk", "new_head")}
    assert ours["new_head"]["layers"][0]["params"] == 0 and ours["new_head"]["layers"][0]["unbuilt"] is True
    # Built later (here by a model that starts with an Input), the row counts its weights.
    later = UNBUILT_NESTED + "built_head = keras.Sequential([keras.Input((16,)), trunk, layers.Dense(3)])\n"
    expected = reference.printed_models(later)
    assert [layer["params"] for layer in expected["new_head"]["layers"]] == [3168, 0]
    ours = models(later)
    assert {name: wrong_counts(expected[name], ours[name]) for name in expected} == {
        name: [] for name in ("base", "trunk", "new_head", "built_head")}
    assert ours["new_head"]["layers"][0]["params"] == 3168


CALLED_SEQUENTIAL = """import keras
from keras import layers

base = keras.Sequential([layers.Dense(4, name="d1"), layers.Dense(2)])
x = keras.Input((16,))
y = base(x)
"""


def test_a_model_from_a_called_sequentials_input_to_its_own_layers_output_is_not_built() -> None:
    # ``base.input`` is the tensor of its first call as a layer (``x``), while ``d1`` was called
    # on the Input its build made: Keras raises, and there is no model to count.
    source = CALLED_SEQUENTIAL + 'feat = keras.Model(base.input, base.get_layer("d1").output)\n'
    with pytest.raises(ValueError, match="not connected to `inputs`"):
        reference.module_models(source)
    feat = models(source)["feat"]
    assert feat["total_params"] is None
    assert [layer["params"] for layer in feat["layers"]] == [None]
    assert "Keras raises" in feat["unknown"][0]["message"]


def test_a_called_sequentials_input_and_output_are_those_of_its_call() -> None:
    source = CALLED_SEQUENTIAL + """whole = keras.Model(base.input, base.output)
inner = keras.Model(base.inputs, base.layers[-1].output)
"""
    # Lines aside: the Input the call builds is placed on the Sequential's line, not the call's.
    expected = reference.module_models(source)
    assert [layer["type"] for layer in expected[1]["layers"]] == ["InputLayer", "Sequential"]
    assert differences(expected, analyse_source(source, "model.py").to_json()["models"], lines=False) == []


def test_a_layers_output_after_pop_rebuilt_it_is_never_another_calls_tensor() -> None:
    """pop() rebuilds the Sequential, calling each layer again: ``layer.output`` is then the first
    call's tensor in Keras. lstm-lint does not track which call came first in every run, so the
    model made from it is unknown past its input, and says so with a row, never a short table;
    the model holding it has an unknown row, not an empty shape."""
    source = """import keras
from keras import layers
base = keras.Sequential([keras.Input((20,)), layers.Dense(64), layers.Dense(32, name="feat"), layers.Dense(10)])
base.pop()
trunk = keras.Model(base.inputs, base.get_layer("feat").output)
outer = keras.Sequential([keras.Input((20,)), trunk, layers.Dense(2)])
"""
    expected = {model["name"]: model for model in reference.module_models(source)}
    got = models(source)
    assert [row["name"] for row in expected["trunk"]["layers"]] == ["input_layer", "dense", "feat"]
    trunk_rows = got["trunk"]["layers"]
    assert [row["name"] for row in trunk_rows] == ["input_layer", None]  # the row standing for the rest
    assert got["trunk"]["total_params"] is None and got["outer"]["total_params"] is None
    assert got["outer"]["layers"][0]["output_shape"] is None
    assert wrong_counts(expected["outer"], got["outer"]) == []
