"""Tensor shapes as Keras prints them, with lstm-lint's own "unknown" beside Keras's ``None``.

A dimension is an ``int``, ``None`` (Keras's dynamic size, e.g. the batch axis) or ``UNKNOWN``
(a size lstm-lint cannot evaluate, e.g. a function argument). A whole shape may be ``UNKNOWN`` when
even its rank is not known.
"""
from __future__ import annotations

from typing import Any, Iterable, List, Optional, Sequence, Tuple, Union

from lstm_lint import formulas
from lstm_lint.values import UNKNOWN, Unknown, first_unknown, unknown_or_formula

Dim = Union[int, None, Unknown]
Shape = Tuple[Dim, ...]
MaybeShape = Union[Shape, Unknown]
# What a layer call produces: one shape, or a list of them (LSTM with return_state, ...).
ShapeTree = Union[Shape, Unknown, "list[ShapeTree]"]


def known_int(dim: object) -> Optional[int]:
    """The dimension as an int when it is a concrete size, else None."""
    if isinstance(dim, int) and not isinstance(dim, bool):
        return dim
    return None


def product(dims: Sequence[Dim]) -> Dim:
    """Product of sizes: ``None`` if any is Keras-dynamic, ``UNKNOWN`` if any is unknown."""
    result: Dim = 1
    saw_none = False
    for dim in dims:
        if dim is None:
            saw_none = True
            continue
        if isinstance(dim, Unknown) or isinstance(result, Unknown):
            result = formulas.combine(result, dim, "*")  # a formula while every factor is one
            continue
        assert isinstance(dim, int) and isinstance(result, int)
        result *= dim
    if isinstance(result, Unknown):
        return first_unknown(result) if saw_none else result
    return None if saw_none else result


def is_fully_known(shape: MaybeShape) -> bool:
    """True when the rank is known and no dimension is unknown (``None`` dims are fine)."""
    return not isinstance(shape, Unknown) and all(not isinstance(dim, Unknown) for dim in shape)


def format_dim(dim: Dim) -> str:
    if isinstance(dim, Unknown):
        return formulas.text(dim) or "?"
    return "None" if dim is None else str(dim)


def format_shape(shape: MaybeShape) -> str:
    """``(None, 10, 50)`` exactly as Keras's summary writes it; ``?`` for what we cannot know."""
    if isinstance(shape, Unknown):
        return "?"
    return "(" + ", ".join(format_dim(dim) for dim in shape) + ")"


class FlatOutputs(list):  # type: ignore[type-arg]
    """The shapes of a layer call's output whose structure holds a dict (a ``call`` of the
    program's own returning ``{"cls": ..., "reg": ...}``), flattened as Keras's ``tree.flatten``
    orders them (a dict's values by sorted key, at any depth): the node's output tensors, and what
    ``summary()`` prints. ``structure`` is the value the call returns, with each tensor replaced by
    its index in that list: the program indexes the dict itself (plain Python, no op)."""

    def __init__(self, items: Iterable[Any] = (), structure: Any = None) -> None:
        super().__init__(items)
        self.structure = structure


def keras_key_order(keys: Iterable[Any]) -> Optional[List[Any]]:
    """The order in which Keras's ``tree.flatten`` takes a dict's values: by ``sorted`` key, on
    every backend. None when the keys do not sort (``{1: a, "x": b}``): optree then falls back to
    an order of its own, and the torch backend raises, so the order is not the same everywhere."""
    listed = list(keys)
    try:
        return sorted(listed)
    except TypeError:
        return None


class PrintedAsTuple(list):  # type: ignore[type-arg]
    """Several shapes that ``summary()`` prints as a tuple, not a list: those of a layer no node was
    made for, which Keras prints from ``compute_output_shape`` of its build in the structure that
    gives (a tuple for an RNN's ``output, *states``, for a nested model's outputs, for a tuple a
    ``compute_output_shape`` of the program's returns). A node's outputs print as a flat list. A
    list everywhere else (JSON included: it has no tuples, and the shapes are the same)."""


def leaf_shapes(tree: ShapeTree) -> List[MaybeShape]:
    """The shapes of a tree, flattened in order."""
    if isinstance(tree, list):
        return [leaf for item in tree for leaf in leaf_shapes(item)]
    return [tree]


def printed_alone(tree: ShapeTree) -> ShapeTree:
    """What Keras 3's ``summary()`` prints for a row's outputs (``format_layer_shape``): outputs that
    flatten to one shape (``[x]``, ``((4, 2),)``) print as that shape, any others as they are. (tf.keras
    2 printed a list of one as a list.)"""
    if isinstance(tree, list):
        leaves = leaf_shapes(tree)
        if len(leaves) == 1:
            return leaves[0]
    return tree


def format_shape_tree(tree: ShapeTree) -> str:
    """One shape as ``format_shape``; several as Keras prints a list of shapes (or a tuple)."""
    if isinstance(tree, PrintedAsTuple):
        return "(" + ", ".join(format_shape_tree(item) for item in tree) + ")"
    if isinstance(tree, list):
        return "[" + ", ".join(format_shape_tree(item) for item in tree) + "]"
    return format_shape(tree)


# How an unknown dimension is written in JSON: the text table's "?". ``null`` is Keras's None.
JSON_UNKNOWN_DIM = "?"


def shape_to_json(tree: ShapeTree) -> object:
    """JSON form: a list of dims, ``null`` for Keras's None and ``"?"`` for a dimension lstm-lint
    cannot know; a list of those for several outputs, nested as ``summary()`` prints them (a tuple
    it prints is a list here: JSON has no tuples, and the shapes are the same); ``null`` for a shape
    unknown as a whole (its rank included), as the text table writes a lone ``?``. Several outputs
    of which one is unknown as a whole are ``null`` too: ``[null, null]`` would read as one shape of
    two Nones."""
    if isinstance(tree, Unknown):
        return None
    if isinstance(tree, list):
        items = [shape_to_json(item) for item in tree]
        return None if any(item is None for item in items) else items
    return [JSON_UNKNOWN_DIM if isinstance(dim, Unknown) else dim for dim in tree]


def shape_from_value(value: object, with_batch: bool = False) -> MaybeShape:
    """A shape written in the source (``(10, 3)``, ``[None, 8]``, ``5``) as a Shape, or UNKNOWN."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = (value,)
    if not isinstance(value, (tuple, list)):
        return first_unknown(value)
    dims: list[Dim] = []
    for dim in value:
        if isinstance(dim, int) and not isinstance(dim, bool) and dim < 0:
            return UNKNOWN  # Keras: "Negative dimensions are not allowed"
        if dim is None or (isinstance(dim, int) and not isinstance(dim, bool)):
            dims.append(dim)
        else:
            dims.append(unknown_or_formula(dim))
    return tuple(dims)


def broadcast(first: MaybeShape, second: MaybeShape) -> MaybeShape:
    """NumPy broadcasting of two shapes, as Keras 3 ops compute it; UNKNOWN when unsure."""
    if isinstance(first, Unknown) or isinstance(second, Unknown):
        return UNKNOWN
    if len(first) < len(second):
        first, second = second, first
    offset = len(first) - len(second)
    result: list[Dim] = list(first[:offset])
    for a, b in zip(first[offset:], second):
        if isinstance(a, Unknown) or isinstance(b, Unknown):
            # A size known above 1 is the result's in every run that does not raise (whatever the
            # other is: 1, the same, or a None the backend broadcasts); else the unknown one, with
            # its cause.
            known = known_int(b) if isinstance(a, Unknown) else known_int(a)
            result.append(known if known is not None and known > 1 else a if isinstance(a, Unknown) else b)
        elif a == 1:
            result.append(b)
        elif b == 1 or a == b:
            result.append(a)
        elif a is None or b is None:
            result.append(a if b is None else b)
        else:
            return UNKNOWN  # Keras would raise; the rules report merge errors from layers only
    return tuple(result)
