"""What a program's own calls do to a lookup layer's vocabulary (``Trait.VOCABULARY``).

``adapt(data)`` learns the vocabulary from data, so its size, the last axis of the layer's
``one_hot``/``multi_hot``/``count``/``tf_idf`` output in every later call, is the data's: Keras
records it as ``_frozen_vocab_size``, and so lstm-lint makes the config's ``vocabulary_size`` (the
keyword that sets the same attribute) unknown, with where and why, but for a StringLookup or
IntegerLookup adapted on a list literal of terms, in every run: that size is then the literal's
(``preprocessing_lookup.with_vocabulary_adapted``). ``set_vocabulary`` on a list of
literals, called in every run, sets that vocabulary and its size (where Keras takes it); on anything
else it does what the other state-changing methods do, as ``adapt``; the methods that only read the
layer change nothing. A layer
handed to code lstm-lint does not follow may have been adapted there.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

from lstm_lint.graph.objects import Layer
from lstm_lint.layers import preprocessing_lookup
from lstm_lint.layers.traits import Trait
from lstm_lint.python.host import NOT_HANDLED
from lstm_lint.source.arrays import ArrayValue
from lstm_lint.values import UNKNOWN, Cause, Unknown

# Methods of Keras's lookup layers (and of Layer) that read the layer and leave its vocabulary as it is.
READING_METHODS = frozenset((
    "get_vocabulary", "vocabulary_size", "get_config", "count_params", "compute_output_shape",
    "compute_output_spec", "compute_mask", "get_weights", "get_build_config", "save_assets", "save_own_variables",
    "summary",
))

LEARNED = "{}.{}() sets the vocabulary of the layer at run time: its size is not known"
SIZE_OF_LEARNED = "{}.vocabulary_size() is the size of a vocabulary set at run time (adapt() or set_vocabulary())"
KERAS2 = ("what lstm-lint knows of {} is Keras 3's, and tf.keras 2 (target-keras = 2) builds it otherwise: its "
          "shape and parameters are not known")
FROM_FILE = "{} reads its vocabulary from the file {!r} when the program runs: its size is not known"
HANDED_ON = "{} is handed to code lstm-lint does not follow, which may set its vocabulary"


@dataclass(frozen=True)
class TermArray(ArrayValue):
    """``np.array(literal)`` of strings or of integers: an array of that literal's shape that
    keeps its terms, in order, for a lookup layer's ``adapt`` (what NumPy does with it otherwise
    gives a plain array of that shape, without them)."""

    terms: Tuple[Any, ...] = ()


def term_array(args: List[Any], kwargs: Dict[str, Any]) -> Optional[TermArray]:
    """``np.array(data)`` / ``np.asarray(data)`` of a rectangular list literal of strings, or of
    integers, with no other argument; None for anything else."""
    if len(args) != 1 or kwargs:
        return None
    for kind in (str, int):
        shape = _literal_shape(args[0], kind)
        if shape is not None and shape:
            terms = preprocessing_lookup.flat_literals(args[0], kind)
            if terms is not None:
                return TermArray(shape, tuple(terms))
    return None


def _literal_shape(value: Any, kind: type, depth: int = 0) -> Optional[Tuple[int, ...]]:
    if isinstance(value, kind) and not isinstance(value, bool):
        return ()
    if not isinstance(value, (list, tuple)) or not value or depth > 4:
        return None
    inner = [_literal_shape(item, kind, depth + 1) for item in value]
    if inner[0] is None or any(shape != inner[0] for shape in inner):
        return None  # ragged, or not of that kind: NumPy makes an object array or raises
    return (len(value),) + inner[0]


def has_vocabulary(layer: object) -> bool:
    return isinstance(layer, Layer) and layer.spec is not None and layer.spec.has(Trait.VOCABULARY)


def method_called(layer: Layer, method: str, receiver: str, line: int, column: int,
                  arguments: Optional[Tuple[List[Any], Dict[str, Any]]] = None) -> Any:
    """``layer.method(...)``: the vocabulary is unknown from here on unless the method only reads,
    or is ``set_vocabulary`` on a list of literals called in every run (``arguments`` given: its
    evaluated arguments, all known). What ``vocabulary_size()`` returns, where it is known;
    NOT_HANDLED for every other method."""
    if method == "set_vocabulary" and arguments is not None:
        args, kwargs = arguments
        given = list(args[:2]) + [kwargs.get(key) for key in ("vocabulary", "idf_weights")[len(args[:2]):]]
        unexpected = set(kwargs) - {"vocabulary", "idf_weights"}
        updated = None if unexpected or not given else preprocessing_lookup.with_vocabulary_set(
            layer.class_name, layer.config, given[0], given[1] if len(given) > 1 else None)
        if updated is not None:
            layer.config = updated
            return NOT_HANDLED
    if method == "adapt" and arguments is not None:
        args, kwargs = arguments
        data = args[0] if args else kwargs.get("data")
        if isinstance(data, TermArray):
            data = list(data.terms)
        if len(args) + len(kwargs) == 1 and set(kwargs) <= {"data"}:
            adapted = preprocessing_lookup.with_vocabulary_adapted(layer.class_name, layer.config, data)
            if adapted is not None:
                layer.config = adapted
                return NOT_HANDLED
    if method == "vocabulary_size":
        size = preprocessing_lookup.vocabulary_size(layer.class_name, layer.config)
        learned = isinstance(layer.config.get("vocabulary_size"), Unknown)
        if isinstance(size, Unknown) and size.cause is None and learned:
            return Unknown(Cause(line, column, SIZE_OF_LEARNED, (receiver,)))
        return size
    if method not in READING_METHODS:
        _forget(layer, Cause(line, column, LEARNED, (receiver, method)))
    return NOT_HANDLED


def constructed(layer: Layer, target_keras: int) -> None:
    """A vocabulary given as a path is the file's, read by the constructor at run time. Under
    target-keras 2, a class whose entry is Keras 3's alone is a layer lstm-lint does not model:
    no shape, count or diagnostic from Keras 3's rules."""
    if layer.spec is None:
        return
    if target_keras == 2 and layer.spec.has(Trait.KERAS3_ONLY):
        cause = Cause(layer.line, layer.column, KERAS2, (layer.class_name,))
        layer.spec = None
        layer.config = {key: Unknown(cause) for key in layer.config}
        layer.unexpected_keywords = []
        return
    path = layer.config.get("vocabulary")
    if layer.spec.has(Trait.VOCABULARY) and isinstance(path, str):
        _forget(layer, Cause(layer.line, layer.column, FROM_FILE, (layer.class_name, path)))


def applies(layer: object) -> bool:
    """A layer whose construction ``constructed`` looks at."""
    return isinstance(layer, Layer) and layer.spec is not None and (
        layer.spec.has(Trait.VOCABULARY) or layer.spec.has(Trait.KERAS3_ONLY))


def handed_on(layer: Layer) -> None:
    _forget(layer, Cause(layer.line, layer.column, HANDED_ON, (layer.class_name,)))


def _forget(layer: Layer, cause: Cause) -> None:
    """The vocabulary's size is unknown from here on. The cause goes with it only where the size
    shapes the output: a row's reason is read from its config, and an ``int`` lookup's (or a
    padded one's) unknown shape has another reason (a Sequential without an input shape, ...)."""
    if isinstance(layer.config.get("vocabulary_size"), Unknown):
        return
    mode, padded = layer.config.get("output_mode"), layer.config.get("pad_to_max_tokens")
    shapes_output = not isinstance(mode, str) or (mode != "int" and padded is not True)
    layer.config = {**layer.config, "vocabulary_size": Unknown(cause) if shapes_output else UNKNOWN}
