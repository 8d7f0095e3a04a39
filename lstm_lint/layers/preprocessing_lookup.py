"""The lookup and hashing layers of ``keras/src/layers/preprocessing``: StringLookup and IntegerLookup
(both ``index_lookup.py``'s IndexLookup), TextVectorization, Hashing and HashedCrossing.

Their constructors raise ImportError without TensorFlow, whatever the backend, so their examples
are not built in the default test run: ``tools/record_lookup_layers.py`` builds them in Keras with
TensorFlow and records what Keras gives (``tests/layers/lookup_truth.json``), and the tests compare
with that recording.

None of them has a Keras weight: the TF-IDF weights are a ``tf.Variable``, which Keras does not
track, so ``count_params()`` is 0 in every mode, adapted or not. None supports masking
(``mask_token`` masks inside the lookup; no ``compute_mask``). The output shape of a lookup in
``one_hot``/``multi_hot``/``count``/``tf_idf`` mode has the vocabulary's size as its last axis:
known for a vocabulary given as a list of literals or for ``pad_to_max_tokens=True`` (then
``max_tokens``), ``None`` before any vocabulary is set (Keras's symbolic shape), and unknown once
``adapt()`` ran on data (``binding/vocabulary.py`` says so in the config's ``vocabulary_size``, the
attribute Keras's ``_record_vocabulary_size`` sets) or for a vocabulary file.

``sparse=True`` (and TextVectorization's ``ragged=True``) is refused by the constructors on every
backend but TensorFlow's (not Hashing's, which takes it everywhere): whether the layer builds
depends on the backend of the run, so its output is unknown (saying so) and nothing is reported,
unless another argument makes Keras raise on every backend.
"""
from __future__ import annotations

from typing import Any, Collection, Iterator, List, Optional, Sequence, Tuple, Union

from lstm_lint.graph.shapes import Dim, MaybeShape, ShapeTree, format_shape
from lstm_lint.layers.checks import Check, CheckContext
from lstm_lint.layers.spec import (
    Argument, BuildError, Config, LayerSpec, OutputFn, example, signature, single,
)
from lstm_lint.layers.traits import Trait
from lstm_lint.values import UNKNOWN, Cause, Unknown, first_unknown

_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")
# IndexLookup.__init__ takes these out of **kwargs (``kwargs.pop``); anything else left there raises
# "Unrecognized keyword argument(s)", so Layer's own keywords (input_shape, autocast, ...) do not
# reach it. ``oov_method`` is IndexLookup's own argument, reached through StringLookup's **kwargs.
_INDEX_LOOKUP_REJECTS = ("autocast", "activity_regularizer", "input_shape", "input_dim")


def _known_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _truth(value: Any) -> Union[bool, Unknown]:
    """``bool(value)`` as Keras's ``if value`` reads it; unknown for an unknown or an object."""
    if isinstance(value, Unknown):
        return value
    if value is None or isinstance(value, (bool, int, float, str, list, tuple)):
        return bool(value)
    return UNKNOWN


def _output_mode(layer: str, value: Any, modes: Sequence[str] = _MODES,
                 aliases: bool = True) -> Union[str, Unknown]:
    """The mode after the constructor's renaming (``binary``, ``tf-idf``), checked as
    ``argument_validation.validate_string_arg`` does."""
    if isinstance(value, Unknown):
        return value
    if aliases and value == "binary":
        value = "multi_hot"
    if aliases and value == "tf-idf":
        value = "tf_idf"
    if not isinstance(value, str) or value not in modes:
        raise BuildError("value", f"{layer}: output_mode={value!r} is not one of {', '.join(modes)}")
    return value


def _one_of(layer: str, argument: str, value: Any, allowed: Sequence[str]) -> None:
    """``validate_string_arg`` with None and callables allowed: only a string outside ``allowed``
    (or a number, a list, ...) raises; an object lstm-lint does not know may be a callable."""
    if value is None or isinstance(value, Unknown):
        return
    if isinstance(value, str):
        if value not in allowed:
            raise BuildError("value", f"{layer}: {argument}={value!r} is not one of {', '.join(allowed)}")
        return
    if isinstance(value, (bool, int, float, list, tuple)):
        raise BuildError("value", f"{layer}: {argument} must be one of {', '.join(allowed)}, None or a "
                                  f"callable, got {value!r}")


def constructor_checks(output: OutputFn) -> Check:
    """What the constructor rejects, for LL102 on a layer never called too: the entry's output
    function on an unknown input runs every check of the arguments alone, in the constructor's
    order, and stops before the shape."""
    def check(config: Config, given: Collection[str], context: CheckContext) -> Iterator[str]:
        try:
            output(config, UNKNOWN)
        except BuildError as error:
            yield error.message
    return check


def _lookup_shape(shape: MaybeShape, mode: str, depth: Dim) -> MaybeShape:
    """IndexLookup.compute_output_shape (a ``one_hot`` input whose last axis is 1 loses it)."""
    if isinstance(shape, Unknown) or mode == "int":
        return shape
    if mode == "one_hot":
        if len(shape) > 1 and shape[-1] == 1:
            return shape[:-1] + (depth,)
        return shape + (depth,)
    return shape[:-1] + (depth,)


# ---- StringLookup and IntegerLookup (IndexLookup) ----------------------------------------------


# Keras's constructors of these classes refuse sparse=True (and ragged=True) on any backend but
# TensorFlow's: the layer exists, and has this shape, only in a run on that backend.
_TENSORFLOW_ONLY = ("{}={} is taken by the TensorFlow backend only (on any other, the constructor raises): "
                    "whether this layer builds, and what it gives, depends on the backend the program runs with")


def tensorflow_only(keyword: str, value: Any) -> Unknown:
    """The output of a layer given ``keyword=value`` that only TensorFlow's backend takes; the
    binding gives the reason the layer's line."""
    return Unknown(Cause(0, 0, _TENSORFLOW_ONLY, (keyword, value)))


def _literal_items(vocabulary: Any, kind: type) -> Optional[List[Any]]:
    """The vocabulary as a list of ``kind`` literals, or None when it is not one lstm-lint reads."""
    if not isinstance(vocabulary, (list, tuple)):
        return None
    items = list(vocabulary)
    if not all(isinstance(item, kind) and not isinstance(item, bool) for item in items):
        return None
    return items


def index_lookup_size(layer: str, config: Config, mode: str, kind: type) -> Union[int, None, Unknown]:
    """The vocabulary size Keras freezes (``_frozen_vocab_size``), checking what ``set_vocabulary``
    checks of a vocabulary given to the constructor; None when no vocabulary is set."""
    vocabulary, frozen = config["vocabulary"], config.get("vocabulary_size")
    mask_token, oov_token, num_oov = config["mask_token"], config["oov_token"], config["num_oov_indices"]
    max_tokens, invert = config["max_tokens"], config["invert"]
    if isinstance(vocabulary, str):
        if mode == "tf_idf":
            # set_vocabulary: "does not exist", else "does not support loading a vocabulary from file".
            raise BuildError("value", f"{layer}: output_mode 'tf_idf' does not take a vocabulary file")
        return first_unknown(frozen)  # the file is read at run time
    if vocabulary is None:
        # adapt() or set_vocabulary() on data made it unknown (the size is the data's), or the
        # vocabulary_size keyword set it.
        return frozen if frozen is None or isinstance(frozen, (int, Unknown)) else UNKNOWN
    if isinstance(vocabulary, Unknown):
        return first_unknown(vocabulary)
    items = _literal_items(vocabulary, kind)
    if items is None or isinstance(mask_token, Unknown) or isinstance(oov_token, Unknown) \
            or not _known_int(num_oov) or isinstance(invert, Unknown):
        return UNKNOWN
    if not items:
        raise BuildError("value", f"{layer}: the vocabulary is empty")
    oov_start = 1 if mask_token is not None and mode == "int" else 0
    token_start = oov_start + num_oov
    special = [mask_token] * oov_start + [oov_token] * num_oov
    # np.array_equal(special_tokens, vocabulary[:token_start]): a vocabulary that starts with the
    # special tokens, in this order, keeps them in its size once.
    tokens = items[token_start:] if items[:token_start] == special and len(items) >= token_start else items
    if len(set(tokens)) != len(tokens):
        raise BuildError("value", f"{layer}: the vocabulary repeats a term")
    if mask_token is not None and mask_token in tokens:
        raise BuildError("value", f"{layer}: the mask token {mask_token!r} is in the vocabulary past its "
                                  f"special tokens {special!r}")
    if oov_token is not None and invert is True and oov_token in tokens:
        raise BuildError("value", f"{layer}: the OOV token {oov_token!r} is in the vocabulary past its "
                                  f"special tokens {special!r}")
    size: int = token_start + len(tokens)
    if _known_int(max_tokens) and size > max_tokens:
        raise BuildError("value", f"{layer}: a vocabulary of size {size} is larger than max_tokens={max_tokens}")
    if mode == "tf_idf":
        weights = config["idf_weights"]
        if isinstance(weights, (list, tuple)) and len(weights) != len(items):
            raise BuildError("value", f"{layer}: idf_weights has {len(weights)} values for a vocabulary of "
                                      f"{len(items)}")
    if isinstance(frozen, Unknown):
        return frozen  # set_vocabulary() since (adapt() raises on a layer given a vocabulary)
    if _known_int(frozen) and frozen != size and mode != "int" and config["pad_to_max_tokens"] is False:
        return UNKNOWN  # _ensure_vocab_size_unchanged raises on a given vocabulary_size that differs
    return size


def index_lookup_checks(layer: str, config: Config) -> Union[str, Unknown]:
    """IndexLookup.__init__'s checks, in its order; the output mode they leave."""
    max_tokens, pad, num_oov = config["max_tokens"], config["pad_to_max_tokens"], config["num_oov_indices"]
    if isinstance(max_tokens, (int, float)) and not isinstance(max_tokens, bool) and max_tokens <= 1:
        raise BuildError("value", f"{layer}: max_tokens={max_tokens} must be greater than 1")
    if _truth(pad) is True and max_tokens is None:
        raise BuildError("value", f"{layer}: pad_to_max_tokens=True needs max_tokens")
    if _known_int(num_oov) and num_oov < 0:
        raise BuildError("value", f"{layer}: num_oov_indices={num_oov} must be >= 0")
    _one_of(layer, "oov_method", config["oov_method"], ("floormod", "farmhash"))
    salt = config["salt"]
    if salt is not None and not isinstance(salt, Unknown):
        if layer == "IntegerLookup" and config["oov_method"] == "floormod":
            raise BuildError("value", f"{layer}: salt is only taken with oov_method='farmhash'")
        if not (_known_int(salt) or (isinstance(salt, (list, tuple)) and len(salt) == 2)):
            raise BuildError("value", f"{layer}: salt must be an integer or a pair of integers, got {salt!r}")
    mode = _output_mode(layer, config["output_mode"])
    if isinstance(mode, Unknown):
        return mode
    invert, sparse, weights = config["invert"], _truth(config["sparse"]), config["idf_weights"]
    if _truth(invert) is True and mode != "int":
        raise BuildError("value", f"{layer}: invert=True needs output_mode='int', got {mode!r}")
    if sparse is True and mode == "int":
        raise BuildError("value", f"{layer}: sparse=True needs an output_mode other than 'int'")
    if weights is not None and not isinstance(weights, Unknown) and mode != "tf_idf":
        raise BuildError("value", f"{layer}: idf_weights is only taken with output_mode='tf_idf'")
    has_vocabulary = config.get("has_input_vocabulary")
    if has_vocabulary is None:
        has_vocabulary = config["vocabulary"] is not None
    if mode == "tf_idf" and has_vocabulary is True and weights is None:
        raise BuildError("value", f"{layer}: output_mode='tf_idf' with a vocabulary needs idf_weights")
    return mode


def _index_lookup_output(layer: str, kind: type) -> Any:
    def output(config: Config, inputs: ShapeTree) -> ShapeTree:
        if layer == "IntegerLookup":
            max_tokens, num_oov = config["max_tokens"], config["num_oov_indices"]
            if _known_int(max_tokens) and max_tokens <= 1:
                raise BuildError("value", f"{layer}: max_tokens={max_tokens} must be greater than 1")
            if _known_int(num_oov) and num_oov < 0:
                raise BuildError("value", f"{layer}: num_oov_indices={num_oov} must be >= 0")
            dtype = config["vocabulary_dtype"]
            if isinstance(dtype, str) and dtype != "int64":
                raise BuildError("value", f"{layer}: vocabulary_dtype={dtype!r}: only 'int64' is taken")
        mode = index_lookup_checks(layer, config)
        if isinstance(mode, Unknown):
            index_lookup_size(layer, config, "int", kind)  # the checks every mode makes
            return UNKNOWN
        size = index_lookup_size(layer, config, mode, kind)
        sparse = _truth(config["sparse"])
        if sparse is True:
            return tensorflow_only("sparse", True)
        if sparse is not False:
            return UNKNOWN
        shape = single(inputs)
        if isinstance(shape, Unknown):
            return UNKNOWN
        if mode == "int":
            return shape
        pad = _truth(config["pad_to_max_tokens"])
        if isinstance(pad, Unknown):
            return _lookup_shape(shape, mode, UNKNOWN)
        depth: Dim
        if pad:
            depth = config["max_tokens"] if _known_int(config["max_tokens"]) else UNKNOWN
        else:
            depth = size
        return _lookup_shape(shape, mode, depth)
    return output


_LOOKUP_EXAMPLES = {
    "StringLookup": (
        example({"vocabulary": ["a", "b", "c"]}, (None, 3)),
        example({"vocabulary": ["a", "b", "c"]}, (None,)),
        example({"vocabulary": ["a", "b"], "output_mode": "one_hot"}, (None, 1)),
        example({"vocabulary": ["a", "b"], "output_mode": "one_hot"}, (None,)),
        example({"vocabulary": ["a", "b"], "output_mode": "one_hot"}, (None, 2, 1)),
        example({"vocabulary": ["a", "b"], "output_mode": "multi_hot"}, (None, 4)),
        example({"vocabulary": ["a", "b"], "output_mode": "multi_hot"}, (None,)),
        example({"vocabulary": ["a", "b"], "output_mode": "binary", "num_oov_indices": 3}, (None, 4)),
        example({"vocabulary": ["a", "b"], "output_mode": "count", "mask_token": ""}, (None, 2, 3)),
        example({"vocabulary": ["", "[UNK]", "a", "b"], "mask_token": ""}, (None, 3)),
        example({"vocabulary": ["[UNK]", "a", "b"], "output_mode": "multi_hot"}, (None, 3)),
        example({"vocabulary": ["a", "b"], "output_mode": "tf_idf", "idf_weights": [0.5, 1.5]}, (None, 3)),
        example({"vocabulary": ["a", "b"], "output_mode": "tf-idf", "idf_weights": [0.5, 1.5]}, (None, 3)),
        example({"output_mode": "multi_hot"}, (None, 3)),
        example({"max_tokens": 10, "output_mode": "multi_hot", "pad_to_max_tokens": True}, (None, 3)),
        example({"vocabulary": ["a", "b"], "max_tokens": 10, "output_mode": "count", "pad_to_max_tokens": True},
                (None, 3)),
        example({"max_tokens": 100, "num_oov_indices": 2, "mask_token": "[PAD]"}, (None, 5)),
        example({"vocabulary": ["a", "b", "c"], "invert": True}, (None, 3)),
        example({"vocabulary": ["a", "b"], "oov_method": "farmhash", "salt": 7, "num_oov_indices": 2}, (None, 2)),
        example({"vocabulary": ["a", "b"], "output_mode": "multi_hot", "sparse": True}, (None, 3)),
        example({"max_tokens": 1}, (None, 3), raises=True),
        example({"pad_to_max_tokens": True}, (None, 3), raises=True),
        example({"num_oov_indices": -1}, (None, 3), raises=True),
        example({"output_mode": "onehot"}, (None, 3), raises=True),
        example({"invert": True, "output_mode": "multi_hot"}, (None, 3), raises=True),
        example({"sparse": True}, (None, 3), raises=True),
        example({"vocabulary": ["a", "b"], "idf_weights": [1.0, 1.0]}, (None, 3), raises=True),
        example({"vocabulary": ["a", "b"], "output_mode": "tf_idf"}, (None, 3), raises=True),
        example({"vocabulary": ["a", "b", "a"]}, (None, 3), raises=True),
        example({"vocabulary": []}, (None, 3), raises=True),
        example({"vocabulary": ["a", "", "b"], "mask_token": ""}, (None, 3), raises=True),
        example({"vocabulary": ["a", "b", "c"], "max_tokens": 3}, (None, 3), raises=True),
        example({"vocabulary": ["a", "b"], "output_mode": "tf_idf", "idf_weights": [1.0]}, (None, 3), raises=True),
        example({"vocabulary": ["a", "[UNK]"], "invert": True}, (None, 3), raises=True),
        # Whether or not the file exists, Keras raises.
        example({"vocabulary": "vocabulary.txt", "output_mode": "tf_idf", "idf_weights": [1.0]}, (None, 3),
                raises=True),
        example({"oov_method": "md5"}, (None, 3), raises=True),
        example({"salt": "pepper"}, (None, 3), raises=True),
        example({"vocabulary": ["a"], "input_shape": (3,)}, (None, 3), raises=True),
    ),
    "IntegerLookup": (
        example({"vocabulary": [12, 36, 1138]}, (None, 3)),
        example({"vocabulary": [12, 36, 1138], "output_mode": "one_hot"}, (None, 1)),
        example({"vocabulary": [12, 36, 1138], "output_mode": "multi_hot", "mask_token": 0}, (None, 4)),
        example({"vocabulary": [-1, 12, 36], "output_mode": "count"}, (None, 4)),
        example({"vocabulary": [0, -1, 12, 36], "mask_token": 0}, (None, 4)),
        example({"max_tokens": 20, "output_mode": "multi_hot", "pad_to_max_tokens": True}, (None, 2)),
        example({"output_mode": "count"}, (None, 2)),
        example({"vocabulary": [1, 2], "oov_method": "farmhash", "salt": [1, 2], "num_oov_indices": 2},
                (None, 2)),
        example({"vocabulary": [5, 6], "output_mode": "tf_idf", "idf_weights": [1.0, 2.0]}, (None,)),
        example({"vocabulary": [5, 6], "invert": True}, (None, 2)),
        example({"max_tokens": 0}, (None, 2), raises=True),
        example({"num_oov_indices": -2}, (None, 2), raises=True),
        example({"vocabulary_dtype": "int32"}, (None, 2), raises=True),
        example({"salt": 3}, (None, 2), raises=True),
        example({"vocabulary": [1, 2, 1]}, (None, 2), raises=True),
        example({"vocabulary": [0, 1], "mask_token": 0}, (None, 2), raises=True),
        example({"vocabulary": [1, 2], "output_mode": "one_hot", "sparse": False, "invert": True}, (None, 2),
                raises=True),
        example({"vocabulary": [1, 2, 3], "max_tokens": 2}, (None, 2), raises=True),
    ),
}


def _index_lookup_spec(layer: str, kind: type) -> LayerSpec:
    if layer == "StringLookup":
        arguments = signature(max_tokens=None, num_oov_indices=1, mask_token=None, oov_token="[UNK]",
                              vocabulary=None, idf_weights=None, invert=False, output_mode="int",
                              pad_to_max_tokens=False, sparse=False, encoding="utf-8", name=None, salt=None)
        keywords: Tuple[Argument, ...] = (Argument("oov_method", "floormod"), Argument("vocabulary_size", None))
    else:
        arguments = signature(max_tokens=None, num_oov_indices=1, mask_token=None, oov_token=-1, vocabulary=None,
                              vocabulary_dtype="int64", idf_weights=None, invert=False, output_mode="int",
                              sparse=False, pad_to_max_tokens=False, oov_method="floormod", salt=None, name=None)
        keywords = (Argument("vocabulary_size", None),)
    output = _index_lookup_output(layer, kind)
    return LayerSpec(
        layer, arguments, output=output, checks=(constructor_checks(output),), keyword_arguments=keywords,
        extra_keywords=("has_input_vocabulary",), rejected_keywords=_INDEX_LOOKUP_REJECTS,
        traits=frozenset({Trait.VOCABULARY, Trait.KERAS3_ONLY}), examples=_LOOKUP_EXAMPLES[layer],
        takes_non_tensor_positional=True,
    )


STRING_LOOKUP = _index_lookup_spec("StringLookup", str)
INTEGER_LOOKUP = _index_lookup_spec("IntegerLookup", int)


# ---- TextVectorization --------------------------------------------------------------------------

_STANDARDIZE = ("lower_and_strip_punctuation", "lower", "strip_punctuation")
_SPLIT = ("whitespace", "character")


def _text_vectorization_mode(config: Config) -> Union[str, Unknown]:
    """TextVectorization.__init__'s checks, then those of the StringLookup it makes (mask token
    ``""``, one OOV index); the output mode."""
    layer = "TextVectorization"
    _one_of(layer, "standardize", config["standardize"], _STANDARDIZE)
    _one_of(layer, "split", config["split"], _SPLIT)
    mode = _output_mode(layer, config["output_mode"])
    ngrams, length, ragged = config["ngrams"], config["output_sequence_length"], _truth(config["ragged"])
    if not (ngrams is None or isinstance(ngrams, (int, Unknown))
            or (isinstance(ngrams, tuple) and all(isinstance(item, (int, Unknown)) for item in ngrams))):
        if not isinstance(ngrams, (float, str, list, tuple, dict)):
            return UNKNOWN  # an object of the program's that lstm-lint does not follow
        raise BuildError("value", f"{layer}: ngrams must be None, an integer or a tuple of integers, got {ngrams!r}")
    if isinstance(mode, Unknown):
        return mode
    if mode == "int" and not (length is None or isinstance(length, (int, Unknown))):
        raise BuildError("value", f"{layer}: output_sequence_length must be None or an integer, got {length!r}")
    if mode != "int" and length is not None and not isinstance(length, Unknown):
        raise BuildError("value", f"{layer}: output_sequence_length is only taken with output_mode='int'")
    if ragged is True and mode != "int":
        raise BuildError("value", f"{layer}: ragged=True needs output_mode='int'")
    lookup = dict(config, num_oov_indices=1, mask_token="", oov_token="[UNK]", invert=False,
                  oov_method="floormod", salt=None)
    return index_lookup_checks(layer, lookup)


def _text_vectorization_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    mode = _text_vectorization_mode(config)
    lookup = dict(config, num_oov_indices=1, mask_token="", oov_token="[UNK]", invert=False)
    size = index_lookup_size("TextVectorization", lookup, "int" if isinstance(mode, Unknown) else mode, str)
    for keyword in ("sparse", "ragged"):
        if _truth(config[keyword]) is True:
            return tensorflow_only(keyword, True)
    if _truth(config["sparse"]) is not False or _truth(config["ragged"]) is not False or isinstance(mode, Unknown):
        return UNKNOWN
    shape = single(inputs)
    if isinstance(shape, Unknown):
        return UNKNOWN
    if mode == "int":
        if not shape:
            raise BuildError("rank", "TextVectorization: an input of rank 0 has no batch axis to keep "
                                     "(compute_output_shape reads input_shape[0])")
        length = config["output_sequence_length"]
        return (shape[0], length if length is None or _known_int(length) else UNKNOWN)
    split = config["split"]
    if isinstance(split, Unknown):
        return UNKNOWN
    # compute_output_shape: the tokens axis is added after the input's axes (split) or stands for
    # a rank-0 or rank-1 input's (no split); the lookup's shape rule then sees that shape, so a
    # (None, 1) input gives (None, 1, depth), not the (None, depth) the layer computes when run.
    tokens = (shape + (1,) if len(shape) <= 1 else shape) if split is None else shape + (None,)
    pad = _truth(config["pad_to_max_tokens"])
    depth: Dim
    if isinstance(pad, Unknown):
        depth = UNKNOWN
    elif pad:
        depth = config["max_tokens"] if _known_int(config["max_tokens"]) else UNKNOWN
    else:
        depth = size
    return _lookup_shape(tokens, mode, depth)


def _text_vectorization_run(config: Config, inputs: ShapeTree) -> None:
    """``_preprocess`` on data: splitting needs strings of rank 1, or a last axis of 1."""
    shape = single(inputs)
    if isinstance(shape, Unknown) or config["split"] is None or isinstance(config["split"], Unknown):
        return
    if len(shape) > 1 and _known_int(shape[-1]) and shape[-1] != 1:
        raise BuildError("rank", f"TextVectorization splits strings of an input of rank 1 or with a last "
                                 f"axis of 1, got input shape {format_shape(shape)}", at_run=True)


TEXT_VECTORIZATION = LayerSpec(
    "TextVectorization",
    signature(max_tokens=None, standardize="lower_and_strip_punctuation", split="whitespace", ngrams=None,
              output_mode="int", output_sequence_length=None, pad_to_max_tokens=False, vocabulary=None,
              idf_weights=None, sparse=False, ragged=False, encoding="utf-8", name=None),
    output=_text_vectorization_output, call_check=_text_vectorization_run,
    checks=(constructor_checks(_text_vectorization_output),),
    keyword_arguments=(Argument("vocabulary_size", None),), extra_keywords=("has_input_vocabulary",),
    traits=frozenset({Trait.VOCABULARY, Trait.KERAS3_ONLY}),
    # The StringLookup it makes takes a name from the same counters.
    constructor_layers=lambda config: (("string_lookup",), ()),
    examples=(
        example({"max_tokens": 20000, "output_sequence_length": 200}, (None, 1)),
        example({"max_tokens": 20000, "output_sequence_length": 200}, (None,)),
        example({"max_tokens": 20000}, (None, 1)),
        example({"vocabulary": ["the", "cat"], "output_sequence_length": 5, "ngrams": 2}, (None, 1)),
        example({"vocabulary": ["the", "cat"], "output_mode": "multi_hot"}, (None, 1)),
        example({"vocabulary": ["the", "cat"], "output_mode": "multi_hot"}, (None,)),
        example({"vocabulary": ["the", "cat"], "output_mode": "one_hot"}, (None, 1)),
        example({"vocabulary": ["the", "cat"], "output_mode": "count", "split": None}, (None, 1)),
        example({"vocabulary": ["the", "cat"], "output_mode": "count", "split": None}, (None, 3)),
        example({"vocabulary": ["the", "cat"], "output_mode": "tf_idf", "idf_weights": [0.5, 0.25]}, (None,)),
        example({"output_mode": "multi_hot"}, (None, 1)),
        example({"output_mode": "binary", "max_tokens": 50, "pad_to_max_tokens": True}, (None, 1)),
        example({"output_mode": "count", "max_tokens": 50, "pad_to_max_tokens": True, "split": "character",
                 "standardize": "lower", "ngrams": (1, 3)}, (None,)),
        example({"output_sequence_length": 4, "standardize": None, "split": None}, (None, 1)),
        example({"output_sequence_length": 4}, (None, 3), fails_when_run=True),
        example({"output_sequence_length": 4, "ragged": True}, (None, 1)),
        example({"output_mode": "multi_hot", "sparse": True, "max_tokens": 9, "pad_to_max_tokens": True}, (None,)),
        example({"vocabulary": ["a"]}, (), raises=True),
        example({"standardize": "upper"}, (None, 1), raises=True),
        example({"split": "comma"}, (None, 1), raises=True),
        example({"output_mode": "words"}, (None, 1), raises=True),
        example({"ngrams": [1, 2]}, (None, 1), raises=True), example({"ngrams": 2.0}, (None, 1), raises=True),
        example({"output_sequence_length": 4.0}, (None, 1), raises=True),
        example({"output_mode": "multi_hot", "output_sequence_length": 4}, (None, 1), raises=True),
        example({"output_mode": "count", "ragged": True}, (None, 1), raises=True),
        example({"max_tokens": 1}, (None, 1), raises=True),
        example({"pad_to_max_tokens": True}, (None, 1), raises=True),
        example({"vocabulary": ["a", "a"]}, (None, 1), raises=True),
        example({"vocabulary": ["a", "b", ""]}, (None, 1), raises=True),
        example({"vocabulary": ["a", "b"], "max_tokens": 3}, (None, 1), raises=True),
        example({"vocabulary": ["a"], "output_mode": "tf_idf"}, (None, 1), raises=True),
        example({"idf_weights": [1.0]}, (None, 1), raises=True),
    ),
    takes_non_tensor_positional=True,
)


# ---- Hashing and HashedCrossing ------------------------------------------------------------------


def _hashing_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    # hashing.py __init__, in its order, then compute_output_spec (not compute_output_shape: a
    # rank-1 input loses its batch axis in every mode but int).
    num_bins, mode, sparse, salt, dtype = (config["num_bins"], config["output_mode"], _truth(config["sparse"]),
                                           config["salt"], config["dtype"])
    if num_bins is None or (isinstance(num_bins, (int, float)) and num_bins <= 0):
        raise BuildError("value", f"Hashing: num_bins={num_bins!r} must be a positive integer")
    if mode == "int" and isinstance(dtype, str) and dtype not in ("int32", "int64"):
        raise BuildError("value", f"Hashing: output_mode='int' needs an integer dtype, 'int32' or 'int64', "
                                  f"got {dtype!r}")
    mode = _output_mode("Hashing", mode, ("int", "one_hot", "multi_hot", "count"), aliases=False)
    if sparse is True and mode == "int":
        raise BuildError("value", "Hashing: sparse=True needs an output_mode other than 'int'")
    if salt is not None and not isinstance(salt, Unknown) and not _known_int(salt) \
            and not (isinstance(salt, (list, tuple)) and len(salt) == 2):
        raise BuildError("value", f"Hashing: salt must be an integer or a pair of integers, got {salt!r}")
    shape = single(inputs)
    # sparse=True changes no shape, and every backend takes it (no TensorFlow-only check here).
    if isinstance(shape, Unknown) or isinstance(mode, Unknown):
        return UNKNOWN
    if mode == "int":
        return shape
    return shape[:-1] + (num_bins if _known_int(num_bins) else UNKNOWN,)


HASHING = LayerSpec(
    "Hashing", signature("num_bins", mask_value=None, salt=None, output_mode="int", sparse=False),
    output=_hashing_output, checks=(constructor_checks(_hashing_output),),
    keyword_arguments=(Argument("dtype", None),), traits=frozenset({Trait.KERAS3_ONLY}),
    examples=(
        example({"num_bins": 3}, (None, 1)), example({"num_bins": 3}, (None,)),
        example({"num_bins": 4, "output_mode": "one_hot"}, (None,)),
        example({"num_bins": 4, "output_mode": "one_hot"}, (None, 1)),
        example({"num_bins": 4, "output_mode": "one_hot"}, (None, 3)),
        example({"num_bins": 4, "output_mode": "multi_hot", "mask_value": ""}, (None, 5)),
        example({"num_bins": 4, "output_mode": "count", "salt": [133, 137]}, (None, 2, 5)),
        example({"num_bins": 8, "salt": 133, "dtype": "int32"}, (None, 2)),
        example({"num_bins": 4, "output_mode": "multi_hot", "sparse": True}, (None, 2)),
        example({"num_bins": 0}, (None, 1), raises=True), example({"num_bins": None}, (None, 1), raises=True),
        example({"num_bins": 3, "dtype": "float32"}, (None, 1), raises=True),
        example({"num_bins": 3, "output_mode": "binary"}, (None, 1), raises=True),
        example({"num_bins": 3, "sparse": True}, (None, 1), raises=True),
        example({"num_bins": 3, "salt": "pepper"}, (None, 1), raises=True),
    ),
    takes_non_tensor_positional=True,
)


def _hashed_crossing_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    # hashed_crossing.py __init__, then compute_output_shape on the list of the two input shapes.
    mode = _output_mode("HashedCrossing", config["output_mode"], ("int", "one_hot"), aliases=False)
    sparse, num_bins = _truth(config["sparse"]), config["num_bins"]
    if not isinstance(inputs, list):
        if isinstance(inputs, Unknown):
            return UNKNOWN
        raise BuildError("merge", "HashedCrossing is called on a list of two tensors")
    if len(inputs) != 2:
        raise BuildError("merge", f"HashedCrossing is called on a list of two tensors, got {len(inputs)}")
    first, second = inputs
    if not isinstance(first, tuple) or not isinstance(second, tuple):
        return UNKNOWN
    if not first or not second:
        raise BuildError("rank", "HashedCrossing: an input of rank 0 has no last axis to compare")
    if first[-1] != second[-1] and not isinstance(first[-1], Unknown) and not isinstance(second[-1], Unknown):
        raise BuildError("merge", f"HashedCrossing: the inputs' last axes differ: {format_shape(first)} and "
                                  f"{format_shape(second)}")
    if sparse is True and not isinstance(mode, Unknown):
        return tensorflow_only("sparse", True)
    if isinstance(mode, Unknown) or sparse is not False:
        return UNKNOWN
    if mode == "int":
        return first
    depth: Dim = num_bins if num_bins is None or _known_int(num_bins) else UNKNOWN
    if first[-1] != 1:
        return first + (depth,)
    return first[:-1] + (depth,)


def _hashed_crossing_run(config: Config, inputs: ShapeTree) -> None:
    """``_check_input_shape_and_type`` on data: inputs of shape (), (batch,) or (batch, 1), all alike."""
    if not isinstance(inputs, list) or not inputs:
        return
    shapes = [shape for shape in inputs if isinstance(shape, tuple)]
    if len(shapes) != len(inputs):
        return
    first = shapes[0]
    if len(first) > 2 or (len(first) == 2 and _known_int(first[-1]) and first[-1] != 1):
        raise BuildError("rank", f"HashedCrossing takes inputs of shape (), (batch,) or (batch, 1), got "
                                 f"{format_shape(first)}", at_run=True)
    if any(len(shape) != len(first) for shape in shapes[1:]):
        raise BuildError("merge", "HashedCrossing takes inputs of equal shapes", at_run=True)


HASHED_CROSSING = LayerSpec(
    "HashedCrossing", signature("num_bins", output_mode="int", sparse=False, name=None, dtype=None),
    output=_hashed_crossing_output, call_check=_hashed_crossing_run, takes_list=True,
    checks=(constructor_checks(_hashed_crossing_output),), traits=frozenset({Trait.KERAS3_ONLY}),
    # __init__ passes only name and dtype on: any other keyword is dropped without a word.
    ignores_unknown_keywords=True,
    examples=(
        example({"num_bins": 5}, (None, 1), (None, 1)), example({"num_bins": 5}, (None,), (None,)),
        example({"num_bins": 5, "output_mode": "one_hot"}, (None, 1), (None, 1)),
        example({"num_bins": 5, "output_mode": "one_hot"}, (None,), (None,)),
        example({"num_bins": 5, "output_mode": "one_hot"}, (None, 3), (None, 3), fails_when_run=True),
        example({"num_bins": 5}, (None, 2, 1), (None, 3, 1), fails_when_run=True),
        example({"num_bins": 5, "output_mode": "one_hot", "sparse": True}, (None, 1), (None, 1)),
        example({"num_bins": 5}, (None, 1), (None, 1), (None, 1), raises=True),
        example({"num_bins": 5}, (None, 1), (None, 2), raises=True),
        example({"num_bins": 5, "output_mode": "multi_hot"}, (None, 1), (None, 1), raises=True),
        example({"num_bins": 5}, (), (), raises=True),
    ),
    takes_non_tensor_positional=True,
)


def vocabulary_size(class_name: str, config: Config) -> Union[int, Unknown]:
    """What ``layer.vocabulary_size()`` returns: the terms in the lookup table and the special
    tokens' indices before them (the mask's in ``int`` mode only, then the OOV indices)."""
    kind: type = int if class_name == "IntegerLookup" else str
    if class_name == "TextVectorization":
        config = dict(config, num_oov_indices=1, mask_token="", oov_token="[UNK]", invert=False)
    elif class_name not in ("StringLookup", "IntegerLookup"):
        return UNKNOWN
    mode = config.get("output_mode")
    mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(mode, mode) if isinstance(mode, str) else mode
    if isinstance(config.get("vocabulary_size"), Unknown):
        return first_unknown(config["vocabulary_size"])
    if not isinstance(mode, str) or mode not in _MODES or not _known_int(config["num_oov_indices"]) \
            or isinstance(config["mask_token"], Unknown):
        return UNKNOWN
    if config["vocabulary"] is None and config.get("vocabulary_size") is not None:
        # Frozen by adapt() (or the hidden keyword): the table's terms are not kept here.
        return UNKNOWN
    if config["vocabulary"] is None:
        # An empty table: the special tokens' indices alone.
        specials: int = (1 if config["mask_token"] is not None and mode == "int" else 0) + config["num_oov_indices"]
        return specials
    try:
        size = index_lookup_size(class_name, dict(config, vocabulary_size=None), mode, kind)
    except BuildError:
        return UNKNOWN  # the constructor raised: there is no layer to ask
    return size if isinstance(size, int) else first_unknown(size)


def with_vocabulary_set(class_name: str, config: Config, vocabulary: Any, idf_weights: Any) -> Optional[Config]:
    """The config once ``layer.set_vocabulary(vocabulary, idf_weights)`` ran, for a vocabulary of
    literals that Keras takes: it replaces any vocabulary before it (given, adapted or set), and
    ``_record_vocabulary_size`` freezes its size. None when the size is not known that way (a
    vocabulary lstm-lint does not read, or one Keras refuses: the layer's state is then not known)."""
    if class_name not in ("StringLookup", "IntegerLookup", "TextVectorization"):
        return None
    if not isinstance(vocabulary, (list, tuple)) or isinstance(idf_weights, Unknown):
        return None
    mode = config.get("output_mode")
    mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(mode, mode) if isinstance(mode, str) else mode
    if mode == "tf_idf" and not isinstance(idf_weights, (list, tuple)):
        return None  # set_vocabulary raises without idf_weights in tf_idf mode
    if mode != "tf_idf" and idf_weights is not None:
        return None  # and with them in any other mode
    updated = dict(config, vocabulary=list(vocabulary), idf_weights=idf_weights, vocabulary_size=None)
    size = vocabulary_size(class_name, updated)
    if not isinstance(size, int):
        return None
    if mode != "int" and config.get("pad_to_max_tokens") is not True and (
            config.get("vocabulary") is not None or config.get("vocabulary_size") is not None):
        # _ensure_vocab_size_unchanged: a size frozen before (a vocabulary given or adapted) that
        # differs makes set_vocabulary raise; an adapted one is not known.
        if vocabulary_size(class_name, config) != size or isinstance(vocabulary_size(class_name, config), Unknown):
            return None
    return dict(updated, vocabulary_size=size)


def flat_literals(data: Any, kind: type, depth: int = 0) -> Optional[List[Any]]:
    """The items of a list (or tuple) literal of ``kind`` values, nested or not, in order; None
    for anything else."""
    if isinstance(data, kind) and not isinstance(data, bool):
        return [data]
    if not isinstance(data, (list, tuple)) or depth > 4:
        return None
    found: List[Any] = []
    for item in data:
        inner = flat_literals(item, kind, depth + 1)
        if inner is None:
            return None
        found.extend(inner)
    return found


def with_vocabulary_adapted(class_name: str, config: Config, data: Any) -> Optional[Config]:
    """The config once ``layer.adapt(data)`` ran on a list literal of terms, for a StringLookup or
    IntegerLookup that has no vocabulary yet (IndexLookup.finalize_state): every distinct term
    but the mask and OOV tokens is learned, ``max_tokens`` minus the special indices at most, and
    ``_record_vocabulary_size`` freezes the special indices and those terms as the size. None when
    that size is not known so (data of another kind, a layer with a vocabulary: adapt raises)."""
    kind = {"StringLookup": str, "IntegerLookup": int}.get(class_name)
    if kind is None or config.get("vocabulary") is not None or config.get("vocabulary_size") is not None:
        return None
    terms = flat_literals(data, kind)
    mode = config.get("output_mode")
    mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(mode, mode) if isinstance(mode, str) else mode
    mask_token, oov_token, num_oov, max_tokens = (config.get("mask_token"), config.get("oov_token"),
                                                  config.get("num_oov_indices"), config.get("max_tokens"))
    if not terms or mode not in _MODES or not isinstance(num_oov, int) or not _known_int(num_oov) or num_oov < 0 \
            or isinstance(mask_token, Unknown) or isinstance(oov_token, Unknown) \
            or not (max_tokens is None or _known_int(max_tokens)):
        return None
    learned = len({term for term in terms if term != mask_token and term != oov_token})
    token_start = (1 if mask_token is not None and mode == "int" else 0) + num_oov
    if isinstance(max_tokens, int) and max_tokens:
        learned = max(0, min(learned, max_tokens - token_start))
    return dict(config, vocabulary_size=token_start + learned)


SPECS = (STRING_LOOKUP, INTEGER_LOOKUP, TEXT_VECTORIZATION, HASHING, HASHED_CROSSING)
