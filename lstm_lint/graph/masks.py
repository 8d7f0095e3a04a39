"""Keras 3 masks in a functional graph.

A mask never changes a shape or a parameter count, but Keras computes it with ops on symbolic
tensors (``not_equal``, ``any``, ``logical_or``, ...), and those ops are nodes of the graph: a layer
whose ``call`` takes ``mask`` gets the mask tensor as one more input. The extra paths change layer
depths, and so the order of ``model.layers`` (``map_graph``); ``Concatenate``'s mask op also takes a
``concatenate`` default name. This module mirrors ``Layer.__call__`` (``keras/src/layers/layer.py``,
steps 6-7 and ``_set_mask_metadata``) and each class's ``compute_mask``, as declared by its
``LayerSpec.masking``.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from lstm_lint.graph.custom import CustomMasking, custom_state
from lstm_lint.graph.objects import Layer, Model, NameCounters, Node, Operation, Tensor
from lstm_lint.graph.shapes import MaybeShape, broadcast
from lstm_lint.layers import op_shapes
from lstm_lint.layers.spec import MaskKind, MaskSupport
from lstm_lint.values import UNKNOWN, Cause, Unknown

MaskTree = Union[Optional[Tensor], List["MaskTree"]]

# A functional or Sequential model used as a layer: ``Functional.call(inputs, training, mask)``
# takes the mask; ``compute_mask`` is Layer's default, so ``supports_masking`` is False.
MODEL_MASKING = MaskSupport(supports=False, call_takes_mask=True)


def input_masks(main_input: object) -> MaskTree:
    """``tree.map_structure(backend.get_keras_mask, first_arg)``."""
    if isinstance(main_input, Tensor):
        return main_input.mask
    if isinstance(main_input, (list, tuple)):
        return [input_masks(item) for item in main_input]
    return None


def flatten_masks(masks: MaskTree) -> List[Optional[Tensor]]:
    """``tree.flatten``: None counts as a leaf."""
    if isinstance(masks, list):
        return [mask for item in masks for mask in flatten_masks(item)]
    return [masks]


def masking_of(operation: Union[Layer, Model, Operation]) -> Optional[MaskSupport]:
    if isinstance(operation, Model):
        return MODEL_MASKING
    if isinstance(operation, Layer) and operation.spec is not None:
        return operation.spec.masking
    return None  # an unknown layer or op: no mask handling lstm-lint can follow


def custom_masking(operation: object) -> Optional[CustomMasking]:
    """The mask handling of an object of the program's own layer class (not of a subclass of a
    Keras layer class, which has that class's)."""
    state = custom_state(operation)
    if state is None or state.masking is None or not isinstance(operation, Layer):
        return None
    return state.masking()


def call_masks(parameters: Sequence[str], call_arguments: Tuple[Sequence[Any], Dict[str, Any]]
               ) -> Dict[str, MaskTree]:
    """Step 6 for a ``call`` of these parameters: with one tensor argument, its masks for a
    ``mask`` parameter not given; with several, each one's for its ``<argument>_mask`` parameter."""
    args, kwargs = call_arguments
    bound: Dict[str, Any] = dict(zip(parameters, args))
    bound.update({key: value for key, value in kwargs.items() if not key.startswith("**")})
    tensor_arguments = {name: value for name, value in bound.items() if _flat_tensors(value)}
    found: Dict[str, MaskTree] = {}
    if len(tensor_arguments) == 1:
        if "mask" in parameters and bound.get("mask") is None:
            found["mask"] = input_masks(next(iter(tensor_arguments.values())))
    else:
        for name, value in tensor_arguments.items():
            if f"{name}_mask" in parameters and bound.get(f"{name}_mask") is None:
                found[f"{name}_mask"] = input_masks(value)
    return found


def mask_arguments(operation: Union[Layer, Model], main_input: object, extra_inputs: Sequence[Tensor],
                   call_arguments: Optional[Tuple[Sequence[Any], Dict[str, Any]]] = None) -> List[Tensor]:
    """Step 6: a ``call`` with a ``mask`` argument and one tensor argument gets the input's mask
    filled in; the mask tensors become inputs of the node (after the other arguments: Keras
    flattens keyword arguments after positional ones)."""
    custom = custom_masking(operation)
    if custom is not None:
        filled = call_masks(custom.parameters, call_arguments or ([main_input], {}))
        return [mask for masks in filled.values() for mask in flatten_masks(masks) if mask is not None]
    masking = masking_of(operation)
    if masking is None or not masking.call_takes_mask or extra_inputs:
        return []
    return [mask for mask in flatten_masks(input_masks(main_input)) if mask is not None]


def set_output_masks(operation: Union[Layer, Model], main_input: object, outputs: List[Tensor],
                     counters: NameCounters,
                     call_arguments: Optional[Tuple[Sequence[Any], Dict[str, Any]]] = None) -> None:
    """Step 7, ``_set_mask_metadata``: when the class supports masking, its ``compute_mask`` runs
    on the call's first argument and the mask it received, and the result is attached to the
    outputs."""
    custom = custom_masking(operation)
    if custom is not None and isinstance(operation, Layer):
        _set_custom_masks(operation, custom, main_input, outputs, call_arguments or ([main_input], {}))
        return
    masking = masking_of(operation)
    if masking is None or not isinstance(operation, Layer) or not _supports(operation, masking):
        return
    previous = input_masks(main_input)
    result = _compute_mask(operation, masking.kind, main_input, previous, len(outputs), counters)
    for tensor, mask in zip(outputs, flatten_masks(result)):
        tensor.mask = mask


def _set_custom_masks(layer: Layer, custom: CustomMasking, main_input: object, outputs: List[Tensor],
                      call_arguments: Tuple[Sequence[Any], Dict[str, Any]]) -> None:
    """Step 7 for a layer of the program's own class: its output masks, from Keras's
    ``compute_mask`` (the mask received) or its own. One Keras cannot be told (a ``compute_mask``
    not followed, ``supports_masking`` not known) is an unknown mask: a tensor of an op of
    unknown depth, which makes the order of a model whose layer takes it unknown."""
    if custom.supports is False:
        return  # Keras drops the mask (with a warning when there was one)
    # The mask given as ``mask=`` (or filled in by step 6), else the first argument's.
    given = call_arguments[1].get("mask") if "mask" in custom.parameters else None
    previous: MaskTree = call_masks(custom.parameters, call_arguments).get("mask", input_masks(main_input))
    if given is not None:
        previous = given if _is_mask_tree(given) else None
        if previous is None:
            for tensor in outputs:
                tensor.mask = _unknown_mask(layer, main_input, None)
            return
    if custom.supports is True and custom.compute is None:
        result: Any = previous
    elif custom.supports is True and custom.compute is not None:
        result = custom.compute(main_input, previous)
    else:
        result = UNKNOWN
    if isinstance(result, Unknown) or not _is_mask_tree(result):
        for tensor in outputs:
            tensor.mask = _unknown_mask(layer, main_input, previous)
        return
    for tensor, mask in zip(outputs, flatten_masks(result)):
        tensor.mask = mask


def _is_mask_tree(value: object, depth: int = 0) -> bool:
    if value is None or isinstance(value, Tensor):
        return True
    return depth < 4 and isinstance(value, list) and all(_is_mask_tree(item, depth + 1) for item in value)


UNKNOWN_MASK = "unknown mask"
# The classes of the ops masks are computed with, by their default-name prefix (checked against
# Keras by tests/engine/test_op_rows.py).
_MASK_OP_CLASSES = {"not_equal": "NotEqual", "any": "Any", "convert_to_tensor": "ConvertToTensor",
                    "logical_or": "LogicalOr", "ones_like": "OnesLike", "expand_dims": "ExpandDims",
                    "zeros_like": "ZerosLike", "concatenate": "Concatenate"}
_UNKNOWN_ORDER = "the mask {} computes is not followed and a layer takes it: the order of model.layers is unknown"


def _unknown_mask(layer: Layer, main_input: object, previous: MaskTree) -> Tensor:
    inputs = [tensor for tensor in _flat_tensors(main_input) + flatten_masks(previous) if tensor is not None]
    cause = Cause(layer.line, layer.column, _UNKNOWN_ORDER, (layer.class_name,))
    operation = Operation(UNKNOWN_MASK, layer.line, cause=cause)
    node = Node(operation, inputs, UNKNOWN)
    operation.nodes.append(node)
    tensor = Tensor(UNKNOWN, node, 0)
    node.outputs = [tensor]
    return tensor


def _flat_tensors(value: object) -> List[Tensor]:
    """The tensors a call argument holds (``build.flatten_tensors``, which imports this module)."""
    if isinstance(value, Tensor):
        return [value]
    if isinstance(value, (list, tuple)):
        return [tensor for item in value for tensor in _flat_tensors(item)]
    if isinstance(value, dict):
        return [tensor for key in sorted(value, key=str) for tensor in _flat_tensors(value[key])]
    return []


def takes_unknown_mask(node: Node) -> bool:
    """Whether a node's inputs hold a mask of unknown depth (its layer's depth, and so the order
    of model.layers, is then unknown)."""
    return any(tensor.node.operation.description == UNKNOWN_MASK for tensor in node.inputs
               if isinstance(tensor.node.operation, Operation))


def _supports(layer: Layer, masking: MaskSupport) -> bool:
    if isinstance(masking.supports, bool):
        return masking.supports
    value = layer.config.get(masking.supports)
    # Embedding(mask_zero=...) / Lambda(mask=...) with a value lstm-lint cannot evaluate: treated as
    # no mask. This can only affect the order of model.layers, never a count or a shape.
    return value is not None and value is not False and not isinstance(value, Unknown)


def _mask_op(name: str, inputs: List[Tensor], shape: MaybeShape, counters: NameCounters) -> Tensor:
    """One Keras op on symbolic tensors (``name``: its default-name prefix, the snake case of its
    class): a graph node, and a default name taken from its counter. A row of a Functional's
    summary(), as Keras lists it."""
    keras_class = _MASK_OP_CLASSES[name]
    if not counters.graph_masks:
        # tf.keras 2: the mask is no node of the graph, and takes no name.
        operation = Operation(name, 0)
    else:
        operation = Operation(name, 0, keras_op=True, keras_class=keras_class,
                              keras_name=counters.next_op_name(name))
    node = Node(operation, inputs, shape)
    operation.nodes.append(node)
    tensor = Tensor(shape, node, 0)
    node.outputs = [tensor]
    return tensor


def _drop_last(shape: MaybeShape) -> MaybeShape:
    return UNKNOWN if isinstance(shape, Unknown) or not shape else shape[:-1]


def _rank(shape: MaybeShape) -> Optional[int]:
    return None if isinstance(shape, Unknown) else len(shape)


def _compute_mask(layer: Layer, kind: str, main_input: object, previous: MaskTree, output_count: int,
                  counters: NameCounters) -> MaskTree:
    if kind == MaskKind.PREVIOUS:
        return previous
    if kind in (MaskKind.NONE, MaskKind.FUNCTION):
        # Lambda's mask is the user's own function or value: not followed (see _supports).
        return None
    if kind == MaskKind.MASKING:
        if not isinstance(main_input, Tensor):
            return None
        not_equal = _mask_op("not_equal", [main_input], main_input.shape, counters)
        return _mask_op("any", [not_equal], _drop_last(main_input.shape), counters)
    if kind == MaskKind.EMBEDDING:
        if not isinstance(main_input, Tensor):
            return None
        return _mask_op("not_equal", [main_input], main_input.shape, counters)
    if kind == MaskKind.RECURRENT:
        return _sequence_masks(previous, _flag(layer.config, "return_sequences"), 1, output_count)
    if kind == MaskKind.BIDIRECTIONAL:
        inner = layer.config.get("layer")
        return_sequences = _flag(getattr(inner, "config", {}), "return_sequences")
        per_direction = 2 if layer.config.get("merge_mode") is None else 1
        return _sequence_masks(previous, return_sequences, per_direction, output_count)
    if kind == MaskKind.MERGE:
        return _merge_mask(previous, counters)
    if kind == MaskKind.CONCATENATE:
        return _concatenate_mask(main_input, previous, layer.config.get("axis", -1), counters)
    if kind == MaskKind.QUERY:
        # attention.py compute_mask: ops.convert_to_tensor(mask[0]), an op on the query's mask.
        first = previous[0] if isinstance(previous, list) and previous else None
        if not isinstance(first, Tensor):
            return None
        return _mask_op("convert_to_tensor", [first], first.shape, counters)
    raise ValueError(f"unknown mask kind {kind!r}")


def _flag(config: Any, key: str) -> bool:
    return bool(hasattr(config, "get") and config.get(key) is True)


def _sequence_masks(previous: MaskTree, return_sequences: bool, sequence_outputs: int, output_count: int
                    ) -> MaskTree:
    """rnn.py / bidirectional.py compute_mask: the input's (first) mask on the sequence output(s)
    when sequences are returned; none on the states."""
    flat = flatten_masks(previous)
    mask = flat[0] if flat and return_sequences else None
    masks: List[MaskTree] = [mask] * sequence_outputs
    return masks + [None] * max(0, output_count - sequence_outputs)


def _merge_mask(previous: MaskTree, counters: NameCounters) -> MaskTree:
    """base_merge.py compute_mask: None unless every input has a mask, then their logical_or."""
    if not isinstance(previous, list):
        return None
    masks = [mask for mask in previous if isinstance(mask, Tensor)]
    if not masks or len(masks) != len(previous):
        return None
    result = masks[0]
    for mask in masks[1:]:
        result = _mask_op("logical_or", [result, mask], broadcast(result.shape, mask.shape), counters)
    return result


def _concatenate_mask(main_input: object, previous: MaskTree, axis: object, counters: NameCounters) -> MaskTree:
    """concatenate.py compute_mask: each input's mask made the input's rank (all ones where an input
    has none), concatenated (an op that takes a ``concatenate`` default name), then any()."""
    if not isinstance(previous, list) or not isinstance(main_input, (list, tuple)) \
            or all(mask is None for mask in previous):
        return None
    masks: List[Tensor] = []
    for tensor, mask in zip(main_input, previous):
        if not isinstance(tensor, Tensor):
            return None
        if not isinstance(mask, Tensor):
            masks.append(_mask_op("ones_like", [tensor], tensor.shape, counters))
            continue
        mask_rank, input_rank = _rank(mask.shape), _rank(tensor.shape)
        if mask_rank is not None and input_rank is not None and mask_rank < input_rank:
            expanded = _mask_op("expand_dims", [mask], _op_shape("expand_dims", [mask], axis=-1), counters)
            zeros = _mask_op("zeros_like", [tensor], tensor.shape, counters)
            masks.append(_mask_op("logical_or", [expanded, zeros], broadcast(expanded.shape, zeros.shape), counters))
        else:
            masks.append(mask)
    concatenated = _mask_op("concatenate", masks, _op_shape("concatenate", [masks], axis=axis), counters)
    return _mask_op("any", [concatenated], _drop_last(concatenated.shape), counters)


def _op_shape(name: str, args: List[object], **kwargs: object) -> MaybeShape:
    """The output shape of ``keras.ops.<name>`` on these tensors (layers/op_shapes.py)."""
    spec = op_shapes.op_spec(f"ops.{name}")
    if spec is None:
        return UNKNOWN

    def shapes(value: object) -> object:
        if isinstance(value, Tensor):
            return op_shapes.TensorInput(value.shape)
        return [shapes(item) for item in value] if isinstance(value, list) else value
    shape = op_shapes.op_output_shape(spec, [shapes(arg) for arg in args], kwargs)
    return UNKNOWN if isinstance(shape, list) else shape  # several outputs: none of these ops
