"""``super(keras.Model, self).__init__()`` in a ``keras.Model`` subclass's ``__init__`` (and
``super(keras.layers.Layer, self).__init__()`` in a layer's): the search for ``__init__`` starts
after Keras's class, so Keras's own ``__init__`` never runs. Keras 3 does not raise there: the
model raises ``AttributeError`` (``'Net' object has no attribute '_dtype_policy'``, ``... 'name'``)
when it is first called, built or summarised; the layer raises ``RuntimeError`` ("you forgot to
call `super().__init__()`") when it is first called. No run has the object lstm-lint would
describe: it is not followed, and its counts are unknown, saying why."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import libcst as cst

from lstm_lint.binding.refs import KerasRef
from lstm_lint.graph.custom import CustomLayer, CustomModel, custom_state
from lstm_lint.python.host import NOT_HANDLED
from lstm_lint.values import UNKNOWN, Cause

if TYPE_CHECKING:
    from lstm_lint.binding.keras_host import KerasHost

_MODEL = ("super(Model, self).__init__() skips Keras's Model.__init__: Keras raises AttributeError when the "
          "model is first called, built or summarised")
_LAYER = ("super(Layer, self).__init__() skips Keras's Layer.__init__: Keras raises RuntimeError when the layer "
          "is first called")


def library_super(host: KerasHost, start: Any, receiver: Any, site: cst.CSTNode) -> Any:
    """``super(start, receiver)`` with ``start`` the Keras base class of the program's own class
    the receiver is an object of: UNKNOWN, having noted the skip; else NOT_HANDLED."""
    state = custom_state(receiver)
    if state is None or not isinstance(start, KerasRef):
        return NOT_HANDLED
    if isinstance(receiver, CustomModel) and start.kind == "model" and start.name == "Model":
        template = _MODEL
    elif isinstance(receiver, CustomLayer) and state.keras_class is None and start.kind == "layer" \
            and start.name == "Layer" and start.spec is None:
        template = _LAYER
    else:
        return NOT_HANDLED
    cause = Cause(host.line_of(site), host.context.column_of(site), template)
    state.followed = False
    if state.raises is None:
        state.raises = cause
    # In every run that makes the object (not on some paths of its __init__ only).
    if host.depth <= state.speculative_depth and state.skipped_init is None:
        state.skipped_init = cause
    return UNKNOWN
