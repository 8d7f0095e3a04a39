"""Merge layers (``keras/src/layers/merging``): called on a list of tensors, no weights."""
from __future__ import annotations

from typing import List, Optional, Tuple

from lstm_lint.graph.shapes import Dim, ShapeTree, format_shape
from lstm_lint.layers.spec import (
    BuildError, Config, LayerSpec, MaskKind, MaskSupport, add_counts, example, signature,
)
from lstm_lint.values import UNKNOWN, Unknown


def _shapes(layer: str, inputs: ShapeTree) -> Optional[List[Tuple[Dim, ...]]]:
    if isinstance(inputs, Unknown):
        return None  # may well be a list (the outputs of a return_state layer before it in a Sequential)
    if not isinstance(inputs, list):
        raise BuildError("value", f"A {layer} layer should be called on a list of inputs")
    if len(inputs) < 2 and layer != "Concatenate":
        raise BuildError("value", f"A {layer} layer should be called on a list of at least 2 inputs")
    if any(not isinstance(shape, tuple) for shape in inputs):
        return None
    return [shape for shape in inputs if isinstance(shape, tuple)]


def _elementwise(first: Tuple[Dim, ...], second: Tuple[Dim, ...]) -> Tuple[Dim, ...]:
    """``Merge._compute_elemwise_op_output_shape``: numpy-style broadcasting, ``None`` stays None."""
    if len(first) < len(second):
        first, second = second, first
    if not second:
        return first
    output = list(first[: len(first) - len(second)])
    for a, b in zip(first[len(first) - len(second):], second):
        if isinstance(a, Unknown) or isinstance(b, Unknown):
            output.append(UNKNOWN)
        elif a is None or b is None:
            output.append(None)
        elif a == 1:
            output.append(b)
        elif b == 1:
            output.append(a)
        elif a != b:
            raise BuildError("merge", f"Inputs have incompatible shapes {format_shape(first)} "
                                      f"and {format_shape(second)}")
        else:
            output.append(a)
    return tuple(output)


def _elementwise_spec(class_name: str, exact_inputs: Optional[int] = None) -> LayerSpec:
    def output(config: Config, inputs: ShapeTree) -> ShapeTree:
        shapes = _shapes(class_name, inputs)
        if shapes is None:
            return UNKNOWN
        if exact_inputs is not None and len(shapes) != exact_inputs:
            raise BuildError("value", f"A {class_name} layer should be called on exactly "
                                      f"{exact_inputs} inputs, got {len(shapes)}")
        # base_merge.py compute_output_shape: broadcast all but the batch axis, then the batch size
        # if every input agrees on one.
        result = shapes[0][1:]
        for shape in shapes[1:]:
            result = _elementwise(result, shape[1:])
        batch_dims = [shape[0] for shape in shapes if shape]
        if any(isinstance(dim, Unknown) for dim in batch_dims):
            batch: Dim = UNKNOWN
        else:
            batches = set(batch_dims) - {None}
            batch = batches.pop() if len(batches) == 1 else None
        return (batch,) + result

    return LayerSpec(class_name, signature(), output=output, takes_list=True,
                     masking=MaskSupport(supports=True, kind=MaskKind.MERGE))


def _concatenate_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    shapes = _shapes("Concatenate", inputs)
    axis = config["axis"]
    if shapes is not None and isinstance(axis, (list, tuple)):
        # concatenate.py build: ``axis % len(shape)`` on a list raises TypeError.
        raise BuildError("value", f"Concatenate takes one axis, an int, got axis={axis!r}")
    if shapes is None or not isinstance(axis, int):
        return UNKNOWN
    first = shapes[0]
    for shape in shapes[1:]:
        if len(shape) != len(first):
            raise BuildError("merge", "Concatenate needs inputs of the same rank, got "
                             + ", ".join(format_shape(s) for s in shapes))
    if not -len(first) <= axis < len(first):
        raise BuildError("value", f"Concatenate axis {axis} is out of range for rank {len(first)}")
    axis %= len(first)
    for shape in shapes[1:]:
        for index, (a, b) in enumerate(zip(first, shape)):
            if index not in (axis, 0) and isinstance(a, int) and isinstance(b, int) and a != b:
                raise BuildError("merge", "Concatenate needs matching shapes except on the "
                                 "concatenation axis, got "
                                 + ", ".join(format_shape(s) for s in shapes))
    # concatenate.py compute_output_shape: the first input's shape, summed on the axis.
    output: List[Dim] = list(first)
    for shape in shapes[1:]:
        a, b = output[axis], shape[axis]
        if a is None or b is None:
            output[axis] = None
            break
        output[axis] = add_counts(a, b)  # a formula when the sizes are formulas
    return tuple(output)


CONCATENATE = LayerSpec("Concatenate", signature(axis=-1), output=_concatenate_output, takes_list=True,
                        examples=(example({"axis": 1}, (None, 3, 4), (None, 2, 4)),
                                  example({"axis": (1, 2)}, (None, 3, 4), (None, 3, 4), raises=True),
                                  example({"axis": [-1]}, (None, 3, 4), (None, 3, 4), raises=True)),
                        masking=MaskSupport(supports=True, kind=MaskKind.CONCATENATE))
ADD = _elementwise_spec("Add")
SUBTRACT = _elementwise_spec("Subtract", exact_inputs=2)
MULTIPLY = _elementwise_spec("Multiply")
AVERAGE = _elementwise_spec("Average")
MAXIMUM = _elementwise_spec("Maximum")
MINIMUM = _elementwise_spec("Minimum")


def _dot_axes(config: Config, first: Tuple[Dim, ...], second: Tuple[Dim, ...]) -> Optional[List[int]]:
    """dot.py: the axes of each input, as build() and compute_output_shape() take them (an int
    below zero counts from each input's end; a pair is used as given). None when unknown."""
    axes = config["axes"]
    if isinstance(axes, Unknown):
        return None
    if isinstance(axes, int) and not isinstance(axes, bool):
        return [axes % len(first), axes % len(second)] if axes < 0 else [axes, axes]
    if not isinstance(axes, (list, tuple)):
        raise BuildError("value", f"Dot axes={axes!r} should be an int or a list of two ints")
    if len(axes) != 2 or not all(isinstance(axis, int) for axis in axes):
        raise BuildError("value", f"Dot axes={axes!r} should be an int or a list of two ints")
    if any(isinstance(axis, bool) for axis in axes):
        return None
    return [axes[0], axes[1]]


def _dot_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    if isinstance(inputs, Unknown):
        return UNKNOWN
    if not isinstance(inputs, list) or len(inputs) != 2:
        raise BuildError("value", "A Dot layer should be called on a list of 2 inputs")
    first, second = inputs
    if not isinstance(first, tuple) or not isinstance(second, tuple) or not first or not second:
        return UNKNOWN
    axes = _dot_axes(config, first, second)
    if axes is None:
        return UNKNOWN
    if not (-len(first) <= axes[0] < len(first) and -len(second) <= axes[1] < len(second)):
        raise BuildError("value", f"Dot axes {axes} are out of range for inputs {format_shape(first)} "
                                  f"and {format_shape(second)}")
    # build: the two axes must have the same size (None only matches None).
    a, b = first[axes[0]], second[axes[1]]
    if isinstance(a, Unknown) or isinstance(b, Unknown):
        return UNKNOWN
    if a != b:
        raise BuildError("merge", f"Dot needs equal sizes on axes {axes}, got {format_shape(first)} "
                                  f"and {format_shape(second)}")
    # compute_output_shape: both shapes without their axis, the second without its batch axis too.
    left, right = list(first), list(second)
    left.pop(axes[0])
    right.pop(axes[1])
    if not right:
        raise BuildError("value", f"Dot cannot drop the batch axis of {format_shape(second)}")
    right.pop(0)
    output = left + right
    if len(output) == 1:
        output.append(1)
    return tuple(output)


DOT = LayerSpec(
    "Dot", signature("axes", normalize=False), output=_dot_output, takes_list=True,
    # supports_masking is set, but compute_mask returns None.
    masking=MaskSupport(supports=True, kind=MaskKind.NONE),
    examples=(
        example({"axes": 1}, (None, 3), (None, 3)),
        example({"axes": -1}, (None, 4, 3), (None, 5, 3)),
        example({"axes": (1, 2)}, (None, 4, 3), (None, 3, 4)),
        example({"axes": [2, 1], "normalize": True}, (None, 4, 3), (None, 3, 5)),
        example({"axes": 0}, (None, 3), (None, 3)),
        example({"axes": 1}, (None, 3), (None, 4), raises=True),
        example({"axes": 1}, (None, None), (None, 4), raises=True),
        example({"axes": 3}, (None, 3), (None, 3), raises=True),
        example({"axes": 1}, (None, 2, 3), (None, 2, 5), (None, 2, 5), raises=True),
        example({"axes": (1, 2, 3)}, (None, 3), (None, 3), raises=True),
    ),
)

SPECS = (CONCATENATE, ADD, SUBTRACT, MULTIPLY, AVERAGE, MAXIMUM, MINIMUM, DOT)

# The function forms (``layers.concatenate([a, b], axis=1)``) build one layer and call it at once
# (``layers.dot(inputs, axes=-1)`` defaults axes, which Dot requires: lstm-lint leaves it unknown):
# function name -> (layer spec, the function's own signature after ``inputs``).
MERGE_FUNCTIONS = {spec.class_name.lower(): spec for spec in SPECS}
