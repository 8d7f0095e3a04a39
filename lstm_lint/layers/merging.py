"""Merge layers (``keras/src/layers/merging``): called on a list of tensors, no weights."""
from __future__ import annotations

from typing import List, Optional, Tuple

from lstm_lint.graph.shapes import Dim, ShapeTree, format_shape
from lstm_lint.layers.spec import BuildError, Config, LayerSpec, MaskKind, MaskSupport, signature
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
        if a is UNKNOWN or b is UNKNOWN:
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
        batches = {shape[0] for shape in shapes if shape} - {None}
        batch: Dim = batches.pop() if len(batches) == 1 else None
        if UNKNOWN in batches:
            batch = UNKNOWN
        return (batch,) + result

    return LayerSpec(class_name, signature(), output=output, takes_list=True,
                     masking=MaskSupport(supports=True, kind=MaskKind.MERGE))


def _concatenate_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    shapes = _shapes("Concatenate", inputs)
    axis = config["axis"]
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
        output[axis] = a + b if isinstance(a, int) and isinstance(b, int) else UNKNOWN
    return tuple(output)


CONCATENATE = LayerSpec("Concatenate", signature(axis=-1), output=_concatenate_output, takes_list=True,
                        masking=MaskSupport(supports=True, kind=MaskKind.CONCATENATE))
ADD = _elementwise_spec("Add")
SUBTRACT = _elementwise_spec("Subtract", exact_inputs=2)
MULTIPLY = _elementwise_spec("Multiply")
AVERAGE = _elementwise_spec("Average")
MAXIMUM = _elementwise_spec("Maximum")
MINIMUM = _elementwise_spec("Minimum")

SPECS = (CONCATENATE, ADD, SUBTRACT, MULTIPLY, AVERAGE, MAXIMUM, MINIMUM)

# The function forms (``layers.concatenate([a, b], axis=1)``) build one layer and call it at once:
# function name -> (layer spec, the function's own signature after ``inputs``).
MERGE_FUNCTIONS = {spec.class_name.lower(): spec for spec in SPECS}
