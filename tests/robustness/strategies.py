"""Hypothesis strategies for the robustness properties: valid Python from the grammar
(hypothesmith), alone and spliced into Keras code, and mutants of real Keras model files."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, List

import hypothesmith
from hypothesis import strategies as st

from lstm_lint.layers import SPECS
from lstm_lint.rules import ALL_RULES

REPO = Path(__file__).resolve().parents[2]


def keras_sources() -> List[str]:
    """Real Keras model code: the fixtures and every rule's own examples."""
    files = [REPO / "fixtures" / "seed_models.py", *sorted((REPO / "fixtures" / "examples").glob("*.py"))]
    sources = [path.read_text() for path in files]
    for rule in ALL_RULES:
        sources.extend(rule.VALID)
        sources.extend(rule.INVALID)
    return sources


KERAS_SOURCES = keras_sources()
LAYER_CLASSES = sorted(SPECS) + ["Layer", "Model", "Sequential", "Input", "InputLayer", "MultiHeadAttention",
                                 "Lambda", "NoSuchLayer"]
KERAS_LINES = [
    "import keras\nfrom keras import layers\n",
    "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8, return_sequences=True), layers.Dense(1)])\n",
    "inputs = keras.Input(shape=(None, 4))\nx = layers.GRU(6)(inputs)\nm = keras.Model(inputs, x)\n",
    "m2 = keras.Sequential()\nm2.add(layers.Embedding(100, 8))\nm2.add(layers.Bidirectional(layers.LSTM(4)))\n",
]
# What a number in a model file may be replaced with: edge values, other types, names.
REPLACEMENT_VALUES = ["0", "-1", "1", "2", "10**30", "1e308", "-1e308", "0.5", "-0.0", "float('nan')",
                      "float('inf')", "'abc'", "''", "None", "True", "False", "()", "[]", "(None,)", "(0, 0)",
                      "{}", "x", "keras", "layers.Dense", "lambda: 1", "*args", "2**63", "123456789012345"]
# Names that are hard to print: a lone surrogate escape (not encodable in UTF-8), box drawing,
# Markdown table syntax, a newline, a quote.
HARD_NAMES = ["'odd\\ud800'", "'\\u2503|*`\\n'", "'\"x'", "'\\x00'"]
REPLACEMENT_WORDS = ["keras", "layers", "Sequential", "Model", "Input", "None", "True", "self", "model", "x",
                     "units", "return_sequences", "input_shape", "activation", "lambda", "shape", "add", "fit",
                     "compile", "summary", "range", "len", "print", "tf", "np"] + LAYER_CLASSES
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w.])")
_WORD = re.compile(r"\b[A-Za-z_]\w*\b")


def _lines(text: str) -> List[str]:
    return text.splitlines(True) or [""]


@st.composite
def mutated_keras_source(draw: st.DrawFn) -> str:
    """A real Keras file after one to four random edits, valid Python or not."""
    text = draw(st.sampled_from(KERAS_SOURCES))
    for _ in range(draw(st.integers(1, 4))):
        text = draw(st.sampled_from(MUTATIONS))(draw, text)
    return text


def _delete_line(draw: st.DrawFn, text: str) -> str:
    lines = _lines(text)
    del lines[draw(st.integers(0, len(lines) - 1))]
    return "".join(lines)


def _duplicate_line(draw: st.DrawFn, text: str) -> str:
    lines = _lines(text)
    index = draw(st.integers(0, len(lines) - 1))
    return "".join(lines[:index + 1] + [lines[index]] + lines[index + 1:])


def _swap_lines(draw: st.DrawFn, text: str) -> str:
    lines = _lines(text)
    first, second = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    lines[first], lines[second] = lines[second], lines[first]
    return "".join(lines)


def _truncate(draw: st.DrawFn, text: str) -> str:
    return text[:draw(st.integers(0, len(text)))]


def _replace_match(pattern: "re.Pattern[str]", choices: List[str]) -> Callable[[st.DrawFn, str], str]:
    def mutate(draw: st.DrawFn, text: str) -> str:
        matches = list(pattern.finditer(text))
        if not matches:
            return text
        match = draw(st.sampled_from(matches))
        replacement = draw(st.one_of(st.sampled_from(choices), st.integers(-10, 10 ** 6).map(str)))
        return text[:match.start()] + replacement + text[match.end():]
    return mutate


def _swap_layer_class(draw: st.DrawFn, text: str) -> str:
    present = [name for name in SPECS if re.search(rf"\b{name}\b", text)]
    if not present:
        return text
    old, new = draw(st.sampled_from(present)), draw(st.sampled_from(LAYER_CLASSES))
    return re.sub(rf"\b{old}\b", new, text, count=draw(st.integers(0, 3)))


def _insert_keyword(draw: st.DrawFn, text: str) -> str:
    """A keyword argument Keras may or may not know, into a random call."""
    calls = [match.end() for match in re.finditer(r"\w\(", text)]
    if not calls:
        return text
    at = draw(st.sampled_from(calls))
    keywords = REPLACEMENT_WORDS[:16] + ["mask_zero", "stateful", "go_backwards", "unroll", "return_state",
                                         "batch_input_shape", "name"]
    keyword = draw(st.sampled_from(keywords))
    value = draw(st.sampled_from(REPLACEMENT_VALUES))
    return text[:at] + f"{keyword}={value}, " + text[at:]


def _hard_name(draw: st.DrawFn, text: str) -> str:
    """``name=`` with a string that is hard to print, into a layer's call: names reach the output."""
    calls = [match.end() for match in re.finditer(rf"\b(?:{'|'.join(LAYER_CLASSES)})\(", text)]
    if not calls:
        return text
    at = draw(st.sampled_from(calls))
    return text[:at] + f"name={draw(st.sampled_from(HARD_NAMES))}, " + text[at:]


def _call_twice(draw: st.DrawFn, text: str) -> str:
    """``layer(x)`` becomes ``layer(layer(x))``: a layer applied to its own output (shared layers)."""
    calls = list(re.finditer(r"\b(\w+)\((\w+)\)", text))
    if not calls:
        return text
    match = draw(st.sampled_from(calls))
    return text[:match.start()] + f"{match[1]}({match[0]})" + text[match.end():]


MUTATIONS: List[Callable[[st.DrawFn, str], str]] = [
    _delete_line, _duplicate_line, _swap_lines, _truncate, _swap_layer_class, _insert_keyword, _hard_name,
    _call_twice,
    _replace_match(_NUMBER, REPLACEMENT_VALUES), _replace_match(_NUMBER, REPLACEMENT_VALUES),
    _replace_match(_WORD, REPLACEMENT_WORDS),
]


@st.composite
def grammar_python(draw: st.DrawFn) -> str:
    """Syntactically valid Python from the grammar; half the time with Keras code before, after or
    inside it, so that the engine (which skips files that never spell "keras") runs on it."""
    generated = draw(hypothesmith.from_grammar())
    how = draw(st.sampled_from(["alone", "after keras", "before keras", "inside keras file"]))
    if how == "alone":
        return str(generated)
    keras_code = "".join(draw(st.lists(st.sampled_from(KERAS_LINES[1:]), max_size=3)))
    if how == "after keras":
        return KERAS_LINES[0] + keras_code + generated
    if how == "before keras":
        return generated + ("\n" if generated and not generated.endswith("\n") else "") + KERAS_LINES[0] + keras_code
    host = _lines(draw(st.sampled_from(KERAS_SOURCES)))
    at = draw(st.integers(0, len(host)))
    if not generated.endswith("\n"):
        generated += "\n"
    return "".join(host[:at]) + generated + "".join(host[at:])
