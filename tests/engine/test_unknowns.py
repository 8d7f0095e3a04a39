"""Unknown beats wrong: what cannot be known statically is reported as unknown (in JSON, null for a
count or a whole shape, "?" for one dimension), and so is everything that depends on it; what does
not depend on it is still exact."""
from __future__ import annotations

from typing import Any, Dict, List

from lstm_lint import analyse_source


def models(source: str) -> Dict[str, Dict[str, Any]]:
    return {model["name"]: model for model in analyse_source(source).to_json()["models"]}


def column(model: Dict[str, Any], key: str) -> List[Any]:
    return [layer[key] for layer in model["layers"]]


def test_function_parameter_without_default_is_unknown() -> None:
    source = '''
from keras.models import Sequential
from keras import layers

def build(n_features, units=32):
    model = Sequential()
    model.add(layers.Input((10, n_features)))
    model.add(layers.LSTM(units, return_sequences=True))
    model.add(layers.LSTM(units))
    model.add(layers.Dense(1))
    return model
'''
    model = models(source)["build"]
    # The first LSTM's input width is the unknown n_features; the second one's is 32.
    assert column(model, "params") == [None, 4 * 32 * (32 + 32 + 1), 32 + 1]
    assert column(model, "output_shape") == [[None, 10, 32], [None, 32], [None, 1]]
    assert model["total_params"] is None


def test_loop_of_unknown_length_makes_the_rest_unknown() -> None:
    source = '''
import sys
import keras
from keras import layers
depth = int(sys.argv[1])
m = keras.Sequential([layers.Input((5,))])
for _ in range(depth):
    m.add(layers.Dense(4))
m.add(layers.Dense(2))
'''
    model = models(source)["m"]
    assert model["total_params"] is None
    last = model["layers"][-1]
    assert (last["type"], last["params"], last["output_shape"]) == ("Dense", None, None)
    # A Dense was built an unknown number of times: its default names are unknown too.
    assert last["name"] is None


def test_loop_over_known_list_is_unrolled() -> None:
    source = '''
import keras
from keras import layers
m = keras.Sequential([layers.Input((5,))])
for units in [16, 8]:
    m.add(layers.Dense(units))
'''
    model = models(source)["m"]
    assert column(model, "params") == [5 * 16 + 16, 16 * 8 + 8]
    assert column(model, "name") == ["dense", "dense_1"]


def test_condition_on_unknown_value_keeps_layers_before_it() -> None:
    source = '''
import sys
import keras
from keras import layers
inp = keras.Input((7,))
h = layers.Dense(3)(inp)
if sys.argv[1] == "wide":
    h = layers.Dense(64)(h)
else:
    h = layers.Dense(8)(h)
out = layers.Dense(1)(h)
model = keras.Model(inp, out)
'''
    model = models(source)["model"]
    assert column(model, "type") == ["InputLayer", "Dense", None, "Dense"]
    assert column(model, "params")[:2] == [0, 7 * 3 + 3]
    assert column(model, "params")[2:] == [None, None]
    assert model["total_params"] is None


def test_unknown_keras_layer_has_unknown_params_and_shape() -> None:
    source = '''
import keras
from keras import layers
def call_fn(params, inputs):
    return inputs
inp = keras.Input((10, 4))
x = layers.JaxLayer(call_fn)(inp)
model = keras.Model(inp, layers.Dense(1)(x))
'''
    # JaxLayer stays unmodelled: its parameters are made at run time.
    model = models(source)["model"]
    assert column(model, "type") == ["InputLayer", "JaxLayer", "Dense"]
    assert column(model, "params") == [0, None, None]
    assert column(model, "name") == ["input_layer", "jax_layer", "dense"]


def test_user_layer_class_without_call_has_unknown_shape_and_params() -> None:
    source = '''
import keras
from keras import layers
class Block(layers.Layer):
    def __init__(self):
        super().__init__()
        self.inner = layers.Dense(4)
inp = keras.Input((6,))
x = Block()(inp)
model = keras.Model(inp, layers.Dense(2)(x))
'''
    model = models(source)["model"]
    # Its __init__ is followed (the Dense inside took the name "dense"), but with no ``call`` of
    # its own there is nothing to trace: its output and weights are unknown.
    assert column(model, "type") == ["InputLayer", "Block", "Dense"]
    assert column(model, "name") == ["input_layer", "block", "dense_1"]
    assert column(model, "params") == [0, None, None]
    assert model["total_params"] is None


def test_sequential_without_input_is_unbuilt() -> None:
    source = '''
from keras.models import Sequential
from keras.layers import Embedding, LSTM, Dense
model = Sequential([Embedding(1000, 16), LSTM(8), Dense(1)])
'''
    model = models(source)["model"]
    # Keras 3 never builds it: its summary() prints ``?`` and ``0 (unbuilt)``, the Embedding's too.
    assert column(model, "params") == [0, 0, 0] and column(model, "unbuilt") == [True, True, True]
    assert column(model, "output_shape") == [None, None, None]
    assert model["total_params"] == 0 and model["unbuilt"] is True and model["unknown"] == []


def test_keras2_input_length_builds_nothing_in_keras_3() -> None:
    """tf.keras 2 built this Sequential with an input of 20 steps; Keras 3 ignores input_length
    and leaves it unbuilt, as without it (LL303 says so)."""
    from tests.keras_env import keras

    source = '''
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Embedding, LSTM
model = Sequential([Embedding(1000, 16, input_length=20), LSTM(8, return_sequences=True)])
'''
    built = keras.Sequential([keras.layers.Embedding(1000, 16, input_length=20),
                              keras.layers.LSTM(8, return_sequences=True)])
    assert not built.built
    model = models(source)["model"]
    assert column(model, "output_shape") == [None, None]
    assert column(model, "params") == [0, 0] and model["unbuilt"] is True  # never built
    assert model["total_params"] == 0
    assert models(source.replace(", input_length=20", "")) == models(source)


def test_keras2_batch_input_shape_sets_the_batch_size() -> None:
    source = '''
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import LSTM
model = Sequential([LSTM(4, batch_input_shape=(32, 10, 3), stateful=True)])
'''
    model = models(source)["model"]
    assert column(model, "output_shape") == [[32, 4]]


def test_clear_session_restarts_default_names() -> None:
    source = '''
import keras
from keras import layers
a = keras.Sequential([keras.Input((3,)), layers.Dense(2)])
keras.backend.clear_session()
b = keras.Sequential([keras.Input((3,)), layers.Dense(2)])
'''
    found = models(source)
    assert column(found["a"], "name") == ["dense"]
    assert column(found["b"], "name") == ["dense"]


def test_numpy_array_shapes_are_followed() -> None:
    source = '''
import numpy as np
import keras
from keras import layers
X = np.random.rand(100, 10, 3)
flat = X.reshape((100, -1))
model = keras.Sequential([layers.LSTM(8, input_shape=(X.shape[1], X.shape[2])), layers.Dense(1)])
dense = keras.Sequential([keras.Input((flat.shape[1],)), layers.Dense(2)])
data = np.loadtxt("prices.csv")
unknown = keras.Sequential([keras.Input((data.shape[1],)), layers.Dense(2)])
'''
    found = models(source)
    assert column(found["model"], "params") == [4 * 8 * (3 + 8 + 1), 8 + 1]
    assert column(found["dense"], "params") == [30 * 2 + 2]
    assert column(found["unknown"], "params") == [None]


def test_sizes_keras_rejects_give_no_count() -> None:
    """Keras raises on a negative dimension or a size below 1: no such layer exists, so no count
    (LL1xx reports the error), never a negative one."""
    found = models('''
import keras
from keras import layers
a = keras.Sequential([keras.Input((7,)), layers.Embedding(-1, 128)])
b = keras.Sequential([keras.Input((-1, 3)), layers.LSTM(8)])
c = keras.Sequential([keras.Input((4,)), layers.Dense(0), layers.Dense(3)])
''')
    assert column(found["a"], "params") == [None]
    assert found["a"]["total_params"] is None
    assert column(found["b"], "params") == [None] and column(found["b"], "output_shape") == [None]
    assert column(found["c"], "params") == [None, None]
