"""Run one Case: in real Keras once per run input, and through lstm-lint once.

For each ``RunInput`` the program runs in-process, as tests/keras_diff/reference.py runs one
(a fresh ``__main__`` namespace after ``keras.backend.clear_session()``, the numpy backend,
``tensorflow.keras`` answered by Keras 3), with ``sys.argv``, the environment variables the case
uses, the working directory (a new temporary folder holding the run's files and folders) and the
state of ``random`` set for the run and restored afterwards, whatever happens. What is kept of a
run:

* each announced model as reference.describe gives it: totals, and per layer of ``model.layers``
  its name, type, parameter count, output shape and the line of the call that constructed it;
* facts about every layer the program constructed (by line), and every ``compile`` call (by
  line), against which judge.py checks the settings diagnostics claim (LL301, LL302, LL305).

lstm-lint reads the source once (it is the same in every run): ``analyse_source(...).to_json()``
and ``lint_file`` with every rule enabled, both in-process.
"""
from __future__ import annotations

import contextlib
import io
import os
import random
import sys
import tempfile
import warnings
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Set

# reference first: it chooses Keras's backend before Keras is imported
from tests.keras_diff.reference import FILENAME, _builtins, _recording_lines, describe
from tests.soundness.cases import Case, RunInput

import keras
import numpy as np

from lstm_lint import analyse_source
from lstm_lint.config import Settings
from lstm_lint.lint import lint_file
from lstm_lint.rules import ALL_RULES, Diagnostic

Json = Dict[str, Any]
ALL_CODES = [rule.code for rule in ALL_RULES]


@dataclass
class KerasRun:
    input: RunInput
    models: Dict[str, Json] = field(default_factory=dict)  # by the name lstm-lint reports the model under
    layers: Dict[int, List[Json]] = field(default_factory=dict)  # line -> facts of each layer constructed there
    compiles: Dict[int, List[Json]] = field(default_factory=dict)  # line -> each compile() call there
    error: Optional[str] = None  # Keras rejected the program in this run (a generator bug)
    # The module's names after the run: where lstm-lint's formulas are evaluated.
    namespace: Dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Outcome:
    case: Case
    runs: List[KerasRun]
    lint: Json  # analyse_source(...).to_json()
    diagnostics: List[Diagnostic]

    @property
    def errors(self) -> List[str]:
        return [f"run {index}: {run.error}" for index, run in enumerate(self.runs) if run.error]


# ---- the process state of one run ---------------------------------------------------------------


@contextlib.contextmanager
def patched_process(run: RunInput, env_keys: Set[str]) -> Iterator[str]:
    """``sys.argv``, the environment, the working directory (a new folder with the run's files in
    it, which this yields) and ``random``'s state, as the run has them; all restored on exit."""
    saved_env = {key: os.environ.get(key) for key in env_keys | set(run.env)}
    saved_argv = sys.argv
    saved_cwd = os.getcwd()
    saved_random = random.getstate()
    with tempfile.TemporaryDirectory(prefix="lstm-lint-run-") as folder:
        try:
            _write_inputs(folder, run)
            for key in saved_env:
                os.environ.pop(key, None)
            os.environ.update(run.env)
            sys.argv = list(run.argv)
            os.chdir(folder)
            yield folder
        finally:
            os.chdir(saved_cwd)
            sys.argv = saved_argv
            for key, value in saved_env.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            random.setstate(saved_random)


def _write_inputs(folder: str, run: RunInput) -> None:
    for path, content in run.files.items():
        target = os.path.join(folder, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if isinstance(content, tuple):
            np.save(target, np.zeros(content, dtype="float32"))
        else:
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(content)
    for path, entries in run.dirs.items():
        os.makedirs(os.path.join(folder, path), exist_ok=True)
        for entry in entries:
            os.makedirs(os.path.join(folder, path, entry), exist_ok=True)


# ---- what the run did -----------------------------------------------------------------------------


def _program_line() -> Optional[int]:
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename != FILENAME:
        frame = frame.f_back  # type: ignore[assignment]
    return None if frame is None else frame.f_lineno


def _function_name(function: Any) -> Optional[str]:
    return None if function is None else getattr(function, "__name__", type(function).__name__)


def layer_facts(layer: Any) -> Json:
    """What the settings rules are about, read from the layer Keras built."""
    facts: Json = {"type": type(layer).__name__, "name": layer.name}
    cell = getattr(layer, "cell", None)
    for attribute in ("units", "use_bias", "unroll", "reset_after"):
        value = getattr(layer, attribute, getattr(cell, attribute, None))
        if value is not None:
            facts[attribute] = value
    for attribute in ("activation", "recurrent_activation"):
        function = getattr(layer, attribute, getattr(cell, attribute, None))
        if function is not None:
            facts[attribute] = _function_name(function)
    dropout = getattr(cell, "recurrent_dropout", getattr(layer, "recurrent_dropout", None))
    if dropout is not None:
        facts["recurrent_dropout"] = float(dropout)
    if cell is not None:
        facts["cell"] = type(cell).__name__
    if layer._inbound_nodes:
        inputs = layer._inbound_nodes[-1].input_tensors
        if inputs:
            facts["input_shape"] = list(inputs[0].shape)
    return facts


def _loss_facts(loss: Any) -> Json:
    if isinstance(loss, str):
        return {"loss": loss, "from_logits": False}
    config = loss.get_config() if hasattr(loss, "get_config") else {}
    return {"loss": type(loss).__name__, "from_logits": bool(config.get("from_logits", False))}


@contextlib.contextmanager
def _recording_compiles(found: Dict[int, List[Json]]) -> Iterator[None]:
    had = "compile" in keras.Model.__dict__
    original = keras.Model.compile

    def compile(model: Any, *args: Any, **kwargs: Any) -> Any:
        line = _program_line()
        loss = kwargs.get("loss", args[1] if len(args) > 1 else None)
        outputs = [list(tensor.shape) for tensor in model.outputs] if getattr(model, "outputs", None) else []
        last = model.layers[-1] if model.layers else None
        record: Json = {"outputs": outputs, "activation": _function_name(getattr(last, "activation", None))}
        record.update(_loss_facts(loss) if loss is not None else {"loss": None, "from_logits": False})
        if line is not None:
            found.setdefault(line, []).append(record)
        return original(model, *args, **kwargs)

    keras.Model.compile = compile
    try:
        yield
    finally:
        if had:
            keras.Model.compile = original
        else:
            del keras.Model.compile


def run_keras(case: Case, run: RunInput) -> KerasRun:
    """One run of the case's program in Keras."""
    result = KerasRun(run)
    keras.backend.clear_session(free_memory=False)
    namespace: Dict[str, Any] = {"__name__": "__main__", "__builtins__": _builtins()}
    lines: Dict[int, int] = {}
    keep: List[Any] = []
    try:
        with patched_process(run, case.env_keys), warnings.catch_warnings(), \
                contextlib.redirect_stdout(io.StringIO()), _recording_lines(lines, keep), \
                _recording_compiles(result.compiles):
            warnings.simplefilter("ignore")
            exec(compile(case.source, FILENAME, "exec"), namespace)
            for ref in case.models:
                model = namespace[ref.target] if ref.how == "var" else namespace[ref.target]()
                result.models[ref.name] = describe(ref.name, model, lines)
    except Exception as error:
        result.error = f"Keras rejects the program: {type(error).__name__}: {error}"
        return result
    bound = {name for name, value in namespace.items() if isinstance(value, keras.Model)}
    announced = {ref.target for ref in case.models if ref.how == "var"}
    if bound != announced:
        result.error = f"module-level models {sorted(bound)}, but the case announces {sorted(announced)}"
    result.namespace = namespace
    for layer in keep:
        line = lines.get(id(layer))
        # Objects made but never initialised are no layers of the program: Keras's own throwaway
        # instance of a Model subclass whose __init__ ends in super().__init__(inputs=, outputs=)
        # (``inject_functional_model_class`` calls ``cls.__new__(cls)``) has no name.
        if line is not None and hasattr(layer, "name"):
            result.layers.setdefault(line, []).append(layer_facts(layer))
    return result


def run_lint(case: Case) -> Json:
    analysis: Json = analyse_source(case.source, path=_path(case)).to_json()
    return analysis


def _path(case: Case) -> str:
    return case.name.replace(" ", "_") + ".py"


def outcome(case: Case) -> Outcome:
    """The case through Keras (every run) and through lstm-lint (once)."""
    runs = [run_keras(case, run) for run in case.runs]
    diagnostics = lint_file(case.source, _path(case), Settings(), ALL_CODES).diagnostics
    return Outcome(case, runs, run_lint(case), diagnostics)
