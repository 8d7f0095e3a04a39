"""Record what Keras gives for the lookup and hashing layers, which it builds only with TensorFlow
installed, in ``tests/layers/lookup_truth.json``.

``StringLookup``, ``IntegerLookup``, ``TextVectorization``, ``Hashing`` and ``HashedCrossing`` raise
ImportError without TensorFlow on every backend, and TensorFlow is no test dependency: the tests
compare lstm-lint with this recording instead of with the Keras of the test run. Run it in an
environment with Keras 3, TensorFlow (with the ``tf_keras`` it brings) and the test extra's
dependencies (libcst, and scipy and jax for Keras's NumPy backend) whenever the entries' examples,
the programs of ``tests/layers/lookup_programs.py`` or the Keras version change:

    python tools/record_lookup_layers.py                 # record everything, write the JSON
    python tools/record_lookup_layers.py KEY [KEY ...]   # print those programs' records, write nothing

Each program is run once per backend, TensorFlow's and NumPy's, each in a process of its own (a
process has one backend): ``sparse=True`` and ``ragged=True`` build on the first only, so what a
program gives may depend on the backend of the run, and the recording keeps both. For each program
it records every model the program binds (the rows ``model.summary()`` prints: name, class, output
shape, ``count_params()``; the totals and the trainable/non-trainable split), or the exception
Keras raised; and whether the model then runs on data (two rows of each input, strings or
integers; with the TensorFlow backend only, as no other backend's tensors hold strings), after
``adapt()`` on that data for a lookup layer given no vocabulary, as real code adapts it first.
For each class it records which keywords the constructor takes, whether the layer is built and
supports masking after construction, and the default names its constructor takes.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "tests" / "layers" / "lookup_truth.json"
BACKENDS = ("tensorflow", "numpy")
COLOURS = re.compile(r"\x1b\[[0-9;]*m")  # the terminal colours of Keras's call reports
REJECTED = re.compile(r"Unrecognized keyword argument|unexpected keyword argument|multiple values for")

sys.path.insert(0, str(ROOT))
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")

Json = Dict[str, Any]


def _error(error: BaseException) -> str:
    """The exception's type and the first line of what it says (Keras wraps some in a call report)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    text = next((line for line in lines if not line.startswith("Exception encountered")), "")
    return f"{type(error).__name__}: {COLOURS.sub('', text)[:300]}"


def _data(shape: Sequence[Optional[int]], dtype: str) -> Any:
    import numpy

    concrete = tuple(2 if size is None else size for size in shape)
    if dtype == "string":
        return numpy.full(concrete, "a b", dtype=object)
    return numpy.ones(concrete, dtype=dtype)


def _without_vocabulary(layer: Any) -> bool:
    """A lookup layer given no vocabulary: it fails on data until ``adapt()`` gives it one."""
    lookup = getattr(layer, "_lookup_layer", layer)  # TextVectorization's StringLookup
    return hasattr(lookup, "_has_input_vocabulary") and not lookup._has_input_vocabulary


def record_program(source: str, inputs: Optional[Sequence[Any]]) -> Json:
    """What Keras gives for one program under the backend of this process."""
    import keras
    from tests.keras_diff import reference

    try:
        models = reference.module_models(source)
    except Exception as error:  # Keras rejects the program: what it raises is the record
        return {"raises": _error(error)}
    record: Json = {"models": models}
    # Only TensorFlow's tensors hold strings: on another backend a model with string inputs does
    # not run on data at all, so a run there says nothing of the layers.
    if inputs is not None and len(models) == 1 and keras.backend.backend() == "tensorflow":
        namespace: Json = {"__name__": "__main__"}
        keras.backend.clear_session(free_memory=False)
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            exec(compile(source, "<program>", "exec"), namespace)
            data = [_data(shape, dtype) for shape, dtype in inputs]
            layer = namespace.get("layer")
            try:
                if _without_vocabulary(layer):
                    layer.adapt(data[0])  # as real code does before it runs the model
                    record["adapted"] = True
                namespace["model"](data)
                record["runs"] = True
            except Exception as error:  # the model fails on data: what it raises is the record
                record["runs"] = False
                record["run_error"] = _error(error)
    return record


TF_KERAS_HEADER = "import tf_keras as keras\nfrom tf_keras import layers\n"


def record_tf_keras(source: str) -> Json:
    """What tf.keras 2 (the ``tf_keras`` package) gives for the same program, for ``target-keras =
    2``: each model's layers in ``model.layers`` order with their output shapes and counts, or the
    exception. The program's Keras 3 imports are replaced by tf_keras's."""
    import tf_keras

    from tests.layers.lookup_programs import HEADER

    tf_keras.backend.clear_session()
    namespace: Json = {"__name__": "__main__"}
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            exec(compile(source.replace(HEADER, TF_KERAS_HEADER, 1), "<program>", "exec"), namespace)
    except Exception as error:  # tf.keras 2 rejects the program: what it raises is the record
        return {"raises": _error(error)}
    models = []
    for name, value in namespace.items():
        if isinstance(value, tf_keras.Model):
            rows = [{"type": type(layer).__name__, "params": int(layer.count_params()),
                     "output_shape": _tf_keras_shape(layer.output_shape)} for layer in value.layers]
            models.append({"name": name, "total_params": int(value.count_params()), "layers": rows})
    return {"models": models}


def _tf_keras_shape(shape: Any) -> Any:
    if isinstance(shape, tuple):
        return list(shape)
    return [_tf_keras_shape(item) for item in shape]


def _keyword_value(keyword: str, config: Json) -> Any:
    values: Json = {"name": "x", "dtype": None, "trainable": True, "autocast": True, "activity_regularizer": None,
                    "input_shape": (2,), "input_dim": 2, "batch_input_shape": (None, 2), "batch_size": 2,
                    "input_length": 4, "weights": None, "vocabulary_size": None,
                    "has_input_vocabulary": config.get("vocabulary") is not None, "oov_method": "floormod",
                    "vocabulary_dtype": "int64", "salt": None, "encoding": "utf-8", "mask_value": None}
    return values.get(keyword, 1)


def record_class(name: str) -> Json:
    """The constructor's facts lstm-lint's entry states: keywords taken, built, masking, names."""
    import keras
    from keras.src.backend.common import global_state

    from lstm_lint.layers import SPECS
    from tests.layers.lookup_programs import PROBED_KEYWORDS

    spec = SPECS[name]
    config = next(dict(case.config) for case in spec.examples if not case.raises)
    cls = getattr(keras.layers, name)
    keywords: Dict[str, bool] = {}
    for keyword in PROBED_KEYWORDS:
        if keyword in spec.argument_names:
            continue
        try:
            cls(**config, **{keyword: _keyword_value(keyword, config)})
            keywords[keyword] = True
        except (TypeError, ValueError) as error:
            if keyword in str(error) and REJECTED.search(str(error)):
                keywords[keyword] = False
            else:
                raise AssertionError(f"{name}({keyword}=...) failed for another reason: {error}") from error
    keras.backend.clear_session(free_memory=False)
    layer = cls(**config)
    names = dict(global_state.get_global_attribute("object_name_uids") or {})
    return {"config": config, "keywords": keywords, "built": bool(layer.built),
            "supports_masking": bool(layer.supports_masking), "names": names}


def record_backend(keys: Optional[Sequence[str]] = None) -> Json:
    """Every program's record (or those of ``keys``), and every class's, under this process's backend."""
    import keras
    import tensorflow

    from lstm_lint.layers import NEEDS_TENSORFLOW
    from tests.layers.lookup_programs import all_programs

    chosen = [program for program in all_programs() if keys is None or program.key in keys]
    programs = {program.key: record_program(program.source, program.inputs) for program in chosen}
    classes = {name: record_class(name) for name in NEEDS_TENSORFLOW} if keys is None else {}
    return {"backend": keras.backend.backend(), "keras": keras.__version__, "tensorflow": tensorflow.__version__,
            "programs": programs, "classes": classes}


def record_all_tf_keras(keys: Optional[Sequence[str]] = None) -> Json:
    from tests.layers.lookup_programs import all_programs

    return {"programs": {program.key: record_tf_keras(program.source) for program in all_programs()
                         if keys is None or program.key in keys}}


def _in_process_of_its_own(backend: str, keys: Optional[Sequence[str]]) -> Json:
    """``backend``: a Keras 3 backend, or ``tf_keras`` for tf.keras 2 (in a process without Keras 3)."""
    environment = dict(os.environ, KERAS_BACKEND="tensorflow" if backend == "tf_keras" else backend)
    command = [sys.executable, __file__, "--tf-keras" if backend == "tf_keras" else "--backend", backend]
    command += list(keys or [])
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=True)
    result: Json = json.loads(done.stdout)
    return result


def record(keys: Optional[Sequence[str]] = None) -> Json:
    from tests.layers.lookup_programs import all_programs

    runs = {backend: _in_process_of_its_own(backend, keys) for backend in BACKENDS}
    tf_keras = _in_process_of_its_own("tf_keras", keys)["programs"]
    first = runs[BACKENDS[0]]
    programs: Json = {}
    for program in all_programs():
        if keys is not None and program.key not in keys:
            continue
        programs[program.key] = {"source": program.source,
                                 "backends": {backend: runs[backend]["programs"][program.key] for backend in BACKENDS},
                                 "tf_keras": tf_keras[program.key]}
    return {"keras": first["keras"], "tensorflow": first["tensorflow"], "backends": list(BACKENDS),
            "programs": programs, "classes": first["classes"]}


def main(argv: List[str]) -> int:
    if argv[:1] == ["--backend"]:
        json.dump(record_backend(argv[2:] or None), sys.stdout)
        return 0
    if argv[:1] == ["--tf-keras"]:
        json.dump(record_all_tf_keras(argv[2:] or None), sys.stdout)
        return 0
    if argv:
        json.dump(record(argv), sys.stdout, indent=1)
        print()
        return 0
    recorded = record()
    OUTPUT.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(recorded['programs'])} programs, {len(recorded['classes'])} classes -> "
          f"{OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
