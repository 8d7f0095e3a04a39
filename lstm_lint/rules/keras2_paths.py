"""LL113: a module path of Keras 2 that Keras 3 does not have (``layers.experimental``,
``keras.layers.core``, ``keras.engine``, ...).

Two ways to reach it are found: an import statement at the top level of the module (which runs
whenever the file does), read from Python's tree; and an attribute read through names bound to Keras
(``layers.experimental.preprocessing.Rescaling``), recorded by the evaluator where it reads it in
every run that gets there. Code inside a ``try`` with a handler is left alone: it is written to
survive the failure (``except ImportError:`` falling back to the Keras 3 path).
"""
from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING, Dict, Iterator, List, Optional, Set, Tuple

from lstm_lint.config import Settings
from lstm_lint.fixes import Edit, Fix
from lstm_lint.layers import ALIASES, EXPORTED_ONLY_AS_ALIAS, SPECS, UNMODELLED
from lstm_lint.layers import MERGE_FUNCTIONS
from lstm_lint.layers.keras2_paths import (
    keras2_only_advice, keras2_only_module, keras3_class_path, keras3_import, keras3_imports, missing_in_keras3,
)
from lstm_lint.rules.base import Diagnostic, FixExample, Rule
from lstm_lint.source.lines import character_column

if TYPE_CHECKING:  # the engine (and libcst) load only when a file is linted
    from lstm_lint.engine import Program
    from lstm_lint.fixes.source import FixContext, SourceIndex

_FROM_MODULE = re.compile(r"from\s+([\w.]+)\s+import\b")
# ``try``, and from Python 3.11 ``try``/``except*``.
_TRY_STATEMENTS: Tuple[type, ...] = (ast.Try,) + ((getattr(ast, "TryStar"),) if hasattr(ast, "TryStar") else ())


def _exported() -> Set[str]:
    """Every class name ``keras.layers`` exports in Keras 3 (the coverage test keeps these whole)."""
    return (set(SPECS) - set(EXPORTED_ONLY_AS_ALIAS)) | set(ALIASES) | set(UNMODELLED)


def _layer_names() -> Set[str]:
    """Every name ``keras.layers`` exports in Keras 3: its classes and its merge functions."""
    return _exported() | set(MERGE_FUNCTIONS)


def _guarded_lines(tree: ast.Module) -> List[Tuple[int, int]]:
    """The line ranges of ``try`` bodies that have a handler."""
    ranges = []
    for node in ast.walk(tree):
        if not isinstance(node, _TRY_STATEMENTS):
            continue
        body: List[ast.stmt] = getattr(node, "body", [])
        if getattr(node, "handlers", None) and body:
            ranges.append((body[0].lineno, body[-1].end_lineno or body[-1].lineno))
    return ranges


def _import_paths(statement: ast.stmt) -> Iterator[str]:
    if isinstance(statement, ast.Import):
        for alias in statement.names:
            yield alias.name
    elif isinstance(statement, ast.ImportFrom) and statement.level == 0 and statement.module:
        yield statement.module
        for alias in statement.names:
            yield f"{statement.module}.{alias.name}"


class Keras2OnlyPath(Rule):
    code = "LL113"
    name = "keras2-only-module"
    summary = ("A Keras 2 module Keras 3 does not have (`layers.experimental.preprocessing`, `keras.layers.core`, "
               "`keras.engine`): the import or attribute raises.")
    what_it_does = ("Finds `keras.layers.experimental` (and `tf.keras.layers.experimental`, which is Keras 3 "
                    "from TensorFlow 2.16), reached by an import at the top of the module or by an attribute "
                    "read in every run, such as `layers.experimental.preprocessing.Rescaling(1 / 255)`, when the "
                    "target is Keras 3 (`target-keras = 3`, the default). The model's rows are still those of "
                    "the layer it names (`Rescaling`), which Keras 3 exports as `layers.Rescaling`. Not "
                    "reported inside a `try` with a handler, nor for the Keras 2 packages (`tf_keras`). Also "
                    "finds an import at the top of the module of a module the standalone Keras 2 package had "
                    "and Keras 3 does not (`keras.layers.core`, `keras.layers.recurrent`, "
                    "`keras.layers.convolutional`, `keras.layers.embeddings`, `keras.engine.topology`, "
                    "`keras.wrappers.scikit_learn`, `keras.utils.np_utils`, ...); what such an import binds is "
                    "unknown, since no run gets past it.")
    why_is_this_bad = ("Keras 3 has no `keras.layers.experimental`: the attribute raises `AttributeError: module "
                       "'keras.layers' has no attribute 'experimental'`, the import `ModuleNotFoundError: No "
                       "module named 'keras.layers.experimental'`. The preprocessing layers moved to "
                       "`keras.layers` in TensorFlow 2.6. Keras 3 has none of the standalone Keras 2 "
                       "package's modules either: `from keras.layers.core import Dense` raises "
                       "`ModuleNotFoundError: No module named 'keras.layers.core'`, and the file stops there.")
    example = "x = layers.experimental.preprocessing.Rescaling(1 / 255)(inputs)"
    use_instead = "x = layers.Rescaling(1 / 255)(inputs)"
    VALID = ("import keras\nfrom keras import layers\n"
             "model = keras.Sequential([keras.Input((4,)), layers.Rescaling(0.5)])\n",
             "try:\n    from keras.layers.experimental.preprocessing import Rescaling\n"
             "except ImportError:\n    from keras.layers import Rescaling\n")
    INVALID = ("import keras\nfrom keras import layers\n"
               "model = keras.Sequential([keras.Input((4,)),\n"
               "                          layers.experimental.preprocessing.Rescaling(0.5)])  # LL113\n",
               "from tensorflow.keras.layers.experimental.preprocessing import Rescaling  # LL113\n",
               "from keras.layers.experimental import preprocessing  # LL113\n",
               "import keras\n"
               "def build():\n"
               "    return keras.Sequential([keras.Input((8, 8, 3)),\n"
               "                             keras.layers.experimental.preprocessing.RandomFlip()])  # LL113\n"
               "model = build()\n",
               "from keras.models import Sequential\n"
               "from keras.layers.recurrent import LSTM  # LL113\n"
               "model = Sequential([LSTM(32, input_shape=(10, 8))])\n",
               "from keras.engine.topology import Layer  # LL113\n")
    FIXES = (
        FixExample("import keras\nfrom keras import layers\n"
                   "model = keras.Sequential([keras.Input((4,)),\n"
                   "                          layers.experimental.preprocessing.Rescaling(1 / 255)])  # LL113\n",
                   "import keras\nfrom keras import layers\n"
                   "model = keras.Sequential([keras.Input((4,)),\n"
                   "                          layers.Rescaling(1 / 255)])\n", True,
                   "drops `.experimental.preprocessing` from an attribute path naming a class Keras 3 exports "
                   "from `keras.layers`: the same class"),
        FixExample("import keras\n"
                   "from keras.layers.experimental.preprocessing import Rescaling, Resizing  # LL113\n"
                   "model = keras.Sequential([keras.Input((8, 8, 3)), Resizing(4, 4), Rescaling(0.5)])\n",
                   "import keras\nfrom keras.layers import Rescaling, Resizing\n"
                   "model = keras.Sequential([keras.Input((8, 8, 3)), Resizing(4, 4), Rescaling(0.5)])\n", True,
                   "imports the classes from `keras.layers` when Keras 3 exports every one imported"),
        FixExample("import keras\n"
                   "from keras.layers.core import Dense, Dropout  # LL113\n"
                   "model = keras.Sequential([keras.Input((8,)), Dense(4), Dropout(0.5)])\n",
                   "import keras\nfrom keras.layers import Dense, Dropout\n"
                   "model = keras.Sequential([keras.Input((8,)), Dense(4), Dropout(0.5)])\n", True,
                   "imports from the Keras 3 module that exports every name imported: the same classes"),
    )

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        if settings.target_keras != 3 or program.tree is None:
            return
        layer_names: Optional[Set[str]] = None
        for statement in program.tree.body:
            paths = [path for path in _import_paths(statement) if missing_in_keras3(path)]
            if paths:
                yield self.at(statement.lineno, statement.col_offset, _message(min(paths, key=len), "import"))
                continue
            keras2 = [path for path in _import_paths(statement) if keras2_only_module(path) is not None]
            if keras2:
                layer_names = _layer_names() if layer_names is None else layer_names
                yield self.at(statement.lineno, statement.col_offset, _keras2_module_message(statement, keras2,
                                                                                             layer_names))
        uses = [use for use in program.keras2_paths if use.certain]
        if not uses:
            return  # the common case: no walk of the tree
        guarded = _guarded_lines(program.tree)
        # The evaluator knows the statement a read is in, not its column: each ``<...>.layers.experimental``
        # written in that statement is the read, and is reported where it starts.
        statements: Dict[int, List[ast.stmt]] = {}
        for node in ast.walk(program.tree):
            if isinstance(node, ast.stmt):
                statements.setdefault(node.lineno, []).append(node)
        lines = program.text.splitlines()
        reported: Set[Tuple[int, int]] = set()
        for use in uses:
            if any(start <= use.line <= end for start, end in guarded):
                continue
            here = statements.get(use.line, [])
            places = [place for statement in here for place in _experimental_reads(statement, lines)] or [
                (use.line, min((character_column(lines, use.line, statement.col_offset) for statement in here),
                               default=use.column))]
            for place in places:
                if place not in reported:
                    reported.add(place)
                    yield self.at(place[0], place[1], _message(use.path, "attribute"))

    def fix(self, diagnostic: Diagnostic, context: FixContext, settings: Settings) -> Optional[Fix]:
        index = context.index
        tree = context.program.tree
        if index is None or tree is None:
            return None
        exported = _exported()
        for statement in tree.body:
            if (statement.lineno, statement.col_offset) == (diagnostic.line, diagnostic.column) \
                    and isinstance(statement, ast.ImportFrom):
                return _import_fix(index, statement, exported)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and experimental_attribute(node) \
                    and index.position(node.lineno, node.col_offset) == (diagnostic.line, diagnostic.column):
                return _attribute_fix(index, node, exported)
        return None


def _own_expressions(statement: ast.stmt) -> Iterator[ast.AST]:
    """The nodes of a statement outside the statements nested in it (a ``for``'s header, not its body)."""
    pending: List[ast.AST] = [statement]
    while pending:
        node = pending.pop()
        yield node
        pending.extend(child for child in ast.iter_child_nodes(node) if not isinstance(child, ast.stmt))


def experimental_attribute(node: ast.AST) -> bool:
    """``<...>.layers.experimental`` as written."""
    if not isinstance(node, ast.Attribute) or node.attr != "experimental":
        return False
    value = node.value
    return (isinstance(value, ast.Attribute) and value.attr == "layers") or (
        isinstance(value, ast.Name) and value.id == "layers")


def _experimental_reads(statement: ast.stmt, lines: List[str]) -> List[Tuple[int, int]]:
    return sorted((node.lineno, character_column(lines, node.lineno, node.col_offset))
                  for node in _own_expressions(statement) if experimental_attribute(node)
                  and isinstance(node, ast.Attribute))


def _message(path: str, how: str) -> str:
    missing = path[:path.index(".layers.experimental") + len(".layers.experimental")]
    raises = "ModuleNotFoundError" if how == "import" else "AttributeError"
    return (f"Keras 3 has no {missing} ({raises}); its preprocessing layers are in keras.layers "
            "(set target-keras = 2 for tf.keras 2 code)")


def _keras2_module_message(statement: ast.stmt, paths: List[str], layer_names: Set[str]) -> str:
    """LL113's message for an import of a module of ``KERAS2_ONLY_MODULES``: what raises, and what
    Keras 3 has instead (the imports for all the names, when Keras 3 exports each of them)."""
    shortest = min(paths, key=len)
    module = keras2_only_module(shortest)
    assert module is not None
    imported_from = isinstance(statement, ast.ImportFrom) and keras2_only_module(statement.module or "") is not None
    raises = "ModuleNotFoundError" if imported_from or isinstance(statement, ast.Import) else "ImportError"
    advice = keras2_only_advice(shortest)
    if imported_from and isinstance(statement, ast.ImportFrom):
        imports = keras3_imports([f"{statement.module}.{alias.name}" for alias in statement.names], layer_names)
        if imports is not None:
            advice = "use " + " and ".join(f"`{line}`" for line in imports)
    return f"Keras 3 has no {module} ({raises}); {advice} (set target-keras = 2 for Keras 2 code)"


def _keras3_module(statement: ast.ImportFrom, layer_names: Set[str]) -> Optional[str]:
    """The one Keras 3 module exporting every name a ``from <Keras 2 module> import ...`` imports,
    under the same names."""
    found = [keras3_import(f"{statement.module}.{alias.name}", layer_names) for alias in statement.names]
    if any(item is None or item[1] != alias.name for item, alias in zip(found, statement.names)):
        return None
    modules = {item[0] for item in found if item is not None}
    return modules.pop() if len(modules) == 1 else None


def _import_fix(index: "SourceIndex", statement: ast.ImportFrom, exported: Set[str]) -> Optional[Fix]:
    module = statement.module or ""
    if keras2_only_module(module) is not None:
        return _module_fix(index, statement, module, _keras3_module(statement, _layer_names()))
    if not all(keras3_class_path(f"{module}.{alias.name}", exported) for alias in statement.names):
        return None
    target = keras3_class_path(f"{module}.{statement.names[0].name}", exported)
    assert target is not None
    return _module_fix(index, statement, module, target.rpartition(".")[0])


def _module_fix(index: "SourceIndex", statement: ast.ImportFrom, module: str,
                target_module: Optional[str]) -> Optional[Fix]:
    """The module of ``from <module> import ...`` replaced by ``target_module``."""
    if target_module is None:
        return None
    text = index.line_text(statement.lineno)
    start = index.position(statement.lineno, statement.col_offset)[1]
    match = _FROM_MODULE.match(text, start)
    if match is None or match.group(1) != module:
        return None
    edit = Edit(statement.lineno, match.start(1), statement.lineno, match.end(1), target_module)
    return Fix(f"Import from `{target_module}`", True, (edit,))


def _attribute_fix(index: "SourceIndex", node: ast.Attribute, exported: Set[str]) -> Optional[Fix]:
    """``<root>.experimental[.preprocessing].X``: the chain from ``node`` to the class, with the
    namespace between the root and the class removed."""
    chain: List[ast.Attribute] = [node]
    while True:
        parent = index.parent(chain[-1])
        if not isinstance(parent, ast.Attribute) or parent.value is not chain[-1]:
            break
        chain.append(parent)
    names = [item.attr for item in chain]  # "experimental", ["preprocessing",] X
    if len(names) == 3 and names[1] == "preprocessing":
        cut = chain[1]
    elif len(names) == 2:
        cut = chain[0]
    else:
        return None
    symbol = names[-1]
    if keras3_class_path(f"keras.layers.{'.'.join(names)}", exported) is None:
        return None
    root = node.value
    if root.end_lineno is None or cut.end_lineno is None or root.end_col_offset is None \
            or cut.end_col_offset is None or root.end_lineno != cut.end_lineno:
        return None
    start = index.position(root.end_lineno, root.end_col_offset)
    end = index.position(cut.end_lineno, cut.end_col_offset)
    return Fix(f"Use `layers.{symbol}`", True, (Edit(start[0], start[1], end[0], end[1], ""),))


__all__ = ["Keras2OnlyPath"]
