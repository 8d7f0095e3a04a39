"""The fixes the rules offer, each an edit of the arguments of the call a diagnostic points at.

Every fix first checks what makes it right in every run, on the code as written: the argument is
spelled at the call (not passed through ``**kwargs``), every layer the program made at that call is
one the rule reports (a call in a loop or a helper makes several), and what makes an argument
ignored is visible at the call itself (it is an element of a ``Sequential([...])`` list, or called
on a tensor). When one of these does not hold, there is no fix: the diagnostic stands alone.
"""
from __future__ import annotations

import ast
import difflib
import re
from typing import TYPE_CHECKING, Callable, Iterable, List, Optional, Sequence, Tuple

from lstm_lint.fixes import Edit, Fix
from lstm_lint.fixes.source import CallSite, FixContext, SourceIndex, attribute_chain, keras_input_spelling
from lstm_lint.layers import canonical_class

if TYPE_CHECKING:
    from lstm_lint.graph.objects import Layer
    from lstm_lint.rules.base import Diagnostic

# A misspelt keyword is renamed only to a clear winner: a candidate at least this similar
# (difflib's ratio; its default cutoff of 0.6 is what the hint uses) ...
CLOSE = 0.8
# ... and this much more similar than the next one (``initializer=`` on Dense is 0.81 like
# bias_initializer and 0.76 like kernel_initializer: which one was meant is the author's call).
MARGIN = 0.15

_UNKNOWN_KEYWORD = re.compile(r"unknown keyword argument (\w+)=")
_KERAS2_KEYWORD = re.compile(r"(\w+)= is Keras 2 only")


def _site(context: FixContext, diagnostic: "Diagnostic") -> Optional[CallSite]:
    """The call the diagnostic points at, when it visibly makes what the diagnostic is about: its
    callee is spelt as the class of the layers made there (or an alias of it), or, with no layer
    there, as the optimizer the message names. A layer made elsewhere (by a merge function, say,
    whose position is its line only) then never gets the edits of another call on that line."""
    site = context.call_at(diagnostic.line, diagnostic.column)
    if site is None or site.has_star_arguments():
        return None
    chain = attribute_chain(site.node.func)
    callee = chain.rpartition(".")[2] if chain is not None else None
    layers = context.layers_at(diagnostic.line, diagnostic.column)
    if not layers:
        return site if callee == diagnostic.message.partition(":")[0] else None
    # keras.layers exports some classes under other names too (Convolution1D is Conv1D).
    made = canonical_class(callee) if callee is not None else None
    return site if all(layer.class_name == made for layer in layers) else None


def _all_reported(layers: Sequence["Layer"], reported: Callable[["Layer"], bool]) -> bool:
    return bool(layers) and all(reported(layer) for layer in layers)


def single_close_match(keyword: str, choices: Iterable[str]) -> Optional[str]:
    scored = sorted(((difflib.SequenceMatcher(None, keyword, choice).ratio(), choice) for choice in set(choices)),
                    reverse=True)
    if not scored or scored[0][0] < CLOSE:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < MARGIN:
        return None
    return scored[0][1]


# ---- LL103 ----

def unknown_keyword(diagnostic: "Diagnostic", context: FixContext, choices: Callable[["Layer"], List[str]]
                    ) -> Optional[Fix]:
    """A misspelt keyword renamed to its single close match (unsafe: the model then builds, and the
    argument takes effect); a Keras 2-only argument in its Keras 3 form (safe: the model is the one
    tf.keras 2 built from that code, which is what lstm-lint reports)."""
    site = _site(context, diagnostic)
    if site is None:
        return None
    typo = _UNKNOWN_KEYWORD.search(diagnostic.message)
    if typo is not None:
        return _rename_misspelt(site, typo.group(1), context.layers_at(diagnostic.line, diagnostic.column),
                                choices)
    old = _KERAS2_KEYWORD.search(diagnostic.message)
    if old is None:
        return None
    if old.group(1) == "lr":
        return _learning_rate(site)
    if old.group(1) == "batch_input_shape":
        return _batch_input_shape(site, context, diagnostic)
    return None


def _rename_misspelt(site: CallSite, keyword: str, layers: Sequence["Layer"],
                     choices: Callable[["Layer"], List[str]]) -> Optional[Fix]:
    arg = site.keyword(keyword)
    if arg is None or not layers or len({layer.class_name for layer in layers}) != 1:
        return None
    match = single_close_match(keyword, choices(layers[0]))
    if match is None or match in site.keyword_names():
        return None  # no clear winner, or the right keyword is there already (which one counts?)
    return Fix(f"Replace `{keyword}` with `{match}`", False, (site.rename_keyword(arg, match),))


def _learning_rate(site: CallSite) -> Optional[Fix]:
    arg = site.keyword("lr")
    positional = [item for item in site.args if item.keyword is None]
    if arg is None or positional or "learning_rate" in site.keyword_names():
        return None
    return Fix("Replace `lr` with `learning_rate`", True, (site.rename_keyword(arg, "learning_rate"),))


def _batch_input_shape(site: CallSite, context: FixContext, diagnostic: "Diagnostic") -> Optional[Fix]:
    """``Sequential([LSTM(4, batch_input_shape=S), ...])`` -> ``Sequential([keras.Input(batch_shape=S),
    LSTM(4), ...])``: what tf.keras 2 made of the first layer's argument, spelled for Keras 3."""
    index = context.index
    arg = site.keyword("batch_input_shape")
    if index is None or arg is None or context.program.tree is None:
        return None
    # Any other argument that shapes the input Keras 2 would build (its dtype, batch size, ...)
    # has no place in this simple form.
    if set(site.keyword_names()) & {"input_shape", "input_dim", "batch_size", "dtype", "input_dtype", "sparse",
                                    "ragged", "input_length"}:
        return None
    position = _sequential_position(index, site.node)
    layers = context.layers_at(diagnostic.line, diagnostic.column)
    if position != 0 or not _all_reported(layers, lambda layer: _first_of_a_sequential(context, layer)):
        return None
    spelling = keras_input_spelling(context.program.tree)
    if spelling is None:
        return None
    value = site.value_text(arg)
    if value is None:
        return None
    line_before = index.line_text(site.start[0])[:site.start[1]]
    separator = f",\n{line_before}" if not line_before.strip() else ", "
    insertion = f"{spelling}(batch_shape={value}){separator}"
    return Fix(f"Replace `batch_input_shape=` with a first `{spelling}(batch_shape=...)`", True,
               (Edit(site.start[0], site.start[1], site.start[0], site.start[1], insertion),
                site.remove_argument(arg)))


def _first_of_a_sequential(context: FixContext, layer: "Layer") -> bool:
    from lstm_lint.graph.objects import InputLayer

    for model in context.program.models + context.program.models_in_some_runs:
        if model.kind == "Sequential":
            items = [item for item in model.sequence
                     if not (isinstance(item, InputLayer) and item.implied_by is not None)]
            if items and items[0] is layer:
                return True
    return False


def _sequential_position(index: SourceIndex, call: ast.Call) -> Optional[int]:
    """Where ``call`` stands in the list literal of a ``Sequential(...)`` call (``Sequential([...])``
    or ``Sequential(layers=[...])``), when it is written there with no ``*items`` before it."""
    container = index.parent(call)
    if not isinstance(container, (ast.List, ast.Tuple)):
        return None
    owner = index.parent(container)
    if not isinstance(owner, ast.Call):
        return None
    chain = attribute_chain(owner.func)
    if chain is None or chain.split(".")[-1] != "Sequential":
        return None
    given = (owner.args[:1] and owner.args[0] is container) or any(
        keyword.arg == "layers" and keyword.value is container for keyword in owner.keywords)
    if not given:
        return None
    at = next(number for number, item in enumerate(container.elts) if item is call)
    if any(isinstance(item, ast.Starred) for item in container.elts[:at]):
        return None
    return at


# ---- LL303 ----

def ignored_input(diagnostic: "Diagnostic", context: FixContext, keys: Tuple[str, ...],
                  reported: Callable[["Layer"], bool]) -> Optional[Fix]:
    """Remove input arguments Keras ignores at this call (safe: Keras never reads them here)."""
    site = _site(context, diagnostic)
    index = context.index
    if site is None or index is None:
        return None
    # One argument per fix: removing two neighbours would make edits that touch. The next pass
    # (see fixes/apply.py) removes the next one, which the rule still reports.
    present = [key for key in keys if key in site.keyword_names()]
    arg = site.keyword(present[0]) if present else None
    if arg is None:
        return None
    # Ignored in every run, whoever calls: visibly not the first of a Sequential's list, or called
    # on a tensor right where it is made, or (input_length) an Embedding Keras 3 made.
    position = _sequential_position(index, site.node)
    parent = index.parent(site.node)
    called_here = isinstance(parent, ast.Call) and parent.func is site.node
    layers = context.layers_at(diagnostic.line, diagnostic.column)
    if keys != ("input_length",) and not (position is not None and position > 0 or called_here):
        return None
    if not _all_reported(layers, reported):
        return None
    return Fix(f"Remove the ignored `{present[0]}=`", True, (site.remove_argument(arg),))


# ---- LL392 and LL302: set an argument ----

def set_keyword(diagnostic: "Diagnostic", context: FixContext, keyword: str, code: str, message: str,
                reported: Callable[["Layer"], bool]) -> Optional[Fix]:
    """Give ``keyword`` the value ``code`` (unsafe: the model changes as the message says), in place
    when the call passes it (by keyword, or positionally where the class's signature has it), else
    as a new last keyword. No fix for a class whose signature does not have it."""
    site = _site(context, diagnostic)
    layers = context.layers_at(diagnostic.line, diagnostic.column)
    spec = layers[0].spec if layers else None
    if site is None or spec is None or keyword not in spec.argument_names or not _all_reported(layers, reported):
        return None
    position = list(spec.argument_names).index(keyword)
    arg = site.keyword(keyword)
    positional = [item for item in site.args if item.keyword is None]
    if arg is None and keyword in site.keyword_names():
        return None
    if arg is None and len(positional) > position:
        arg = positional[position]
    if arg is not None:
        old = site.value_text(arg)
        replaced = site.replace_value(arg, _same_quotes(old, code)) if old is not None else None
        return Fix(message, False, (replaced,)) if replaced is not None else None
    added = site.add_argument(f"{keyword}={code}")
    return Fix(message, False, (added,)) if added is not None else None


def _same_quotes(old: str, new: str) -> str:
    """A string literal written with the quotes the author used (``'sigmoid'`` for ``'softmax'``)."""
    if new[:1] == '"' and new[-1:] == '"' and old[:1] == "'" and old[-1:] == "'":
        return f"'{new[1:-1]}'"
    return new
