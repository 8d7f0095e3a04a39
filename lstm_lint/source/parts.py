"""libcst's parse of a long file, done in parts of whole top-level statements.

Why: libcst's native parser holds memory for the whole text it is given, far more than the tree it
returns (measured, libcst 1.9: one parse of a 1,000,000-character file of models peaked above 1 GB
of resident memory; the same text in ten parts stayed under the peak of Python's own ``ast`` tree
of it). A file is cut only between two top-level statements, the second at column 0, with nothing
but empty lines between them (no comment, no continuation), so every part is a complete module;
the parts' statements are joined into one ``cst.Module`` whose code is the file's text again (the
empty lines at the end of one part become the leading lines of the next part's first statement,
where one parse of the whole file puts them). Should a part not parse, the file is parsed
at once, as it would be without parts.
"""
from __future__ import annotations

import ast
from collections import OrderedDict
from typing import List, Sequence

import libcst as cst

from lstm_lint.source.cst_parse import parse_module
from lstm_lint.source.lines import physical_lines

# Files up to this many characters are parsed at once (as every file was before): the parts only
# matter for memory, which is small below this size.
PART_CHARS = 100_000


def parse_module_in_parts(text: str, tree: ast.Module, part_chars: int = PART_CHARS) -> cst.Module:
    """``cst.parse_module(text)``, in parts of about ``part_chars`` characters when the text is
    longer. ``tree``: Python's tree of the same text (where its top-level statements start).
    Raises what ``cst.parse_module`` raises."""
    if len(text) <= part_chars:
        return parse_module(text)
    lines = physical_lines(text, keepends=True)  # str.splitlines would also split at form feeds, ...
    cuts = _cut_lines(tree, lines, part_chars)
    if not cuts:
        return parse_module(text)
    bounds = [0] + cuts + [len(lines)]
    try:
        parts = [parse_module("".join(lines[start:end])) for start, end in zip(bounds, bounds[1:])]
    except cst.ParserSyntaxError:
        return parse_module(text)
    return _joined(parts)


class PartCache:
    """libcst's parses of the parts of texts seen before, by the part's text: a language server
    re-reads a whole document on each edit, whose parts but one are as they were. A part is a whole
    module of top-level statements, so the same text always parses to the same tree (trees are
    immutable: sharing one between two analyses is safe). The least recently used are dropped
    past ``size`` parts."""

    def __init__(self, size: int = 4_000) -> None:
        self.size = size
        self.parts: "OrderedDict[str, cst.Module]" = OrderedDict()

    def parse(self, text: str) -> cst.Module:
        found = self.parts.get(text)
        if found is not None:
            self.parts.move_to_end(text)
            return found
        parsed = parse_module(text)
        self.parts[text] = parsed
        if len(self.parts) > self.size:
            self.parts.popitem(last=False)
        return parsed


def parse_module_cached(text: str, tree: ast.Module, cache: PartCache) -> cst.Module:
    """``cst.parse_module(text)``, from parts cut at every top-level statement that can start one
    (as ``parse_module_in_parts`` cuts), each taken from ``cache`` when its text was parsed
    before. Raises what ``cst.parse_module`` raises."""
    lines = physical_lines(text, keepends=True)
    cuts = _cut_lines(tree, lines, 1)
    if not cuts:
        return cache.parse(text)
    bounds = [0] + cuts + [len(lines)]
    try:
        parts = [cache.parse("".join(lines[start:end])) for start, end in zip(bounds, bounds[1:])]
    except cst.ParserSyntaxError:
        return parse_module(text)
    return _joined(parts)


def _cut_lines(tree: ast.Module, lines: Sequence[str], part_chars: int) -> List[int]:
    """0-based indexes of the lines each part after the first starts at: lines where a top-level
    statement (or its first decorator) starts at column 0 after the one before ends, with only
    empty lines between, the last not continued with a backslash."""
    cuts: List[int] = []
    offsets = [0]
    if part_chars > 1:  # a part of one line or more is at least one character long: no sums needed
        for line in lines:
            offsets.append(offsets[-1] + len(line))
    part_start = 0
    previous_end = 0
    for statement in tree.body:
        decorators = getattr(statement, "decorator_list", None)
        first = decorators[0] if decorators else statement
        start = first.lineno - 1
        if (first.col_offset == 0 and start >= previous_end and start > part_start
                and (part_chars <= 1 or offsets[start] - offsets[part_start] >= part_chars)
                and not lines[start - 1].rstrip("\r\n").endswith("\\")
                and all(not lines[between].rstrip("\r\n") for between in range(previous_end, start))):
            cuts.append(start)
            part_start = start
        previous_end = statement.end_lineno or start + 1
    return cuts


def _joined(parts: Sequence[cst.Module]) -> cst.Module:
    body: List[cst.BaseStatement] = list(parts[0].body)
    carried: List[cst.EmptyLine] = list(parts[0].footer)
    for part in parts[1:]:
        # The part's header (its leading comments and blank lines) and the footer carried over from
        # the part before belong to the part's first statement.
        leading = carried + list(part.header)
        statements = list(part.body)
        if statements:
            first = statements[0]
            statements[0] = first.with_changes(leading_lines=leading + list(first.leading_lines))
            carried = []
        else:
            carried = leading
        body.extend(statements)
        carried.extend(part.footer)
    # libcst takes a module's indentation from its first indented block: the first part's may have none.
    indented = [part for part in parts if any(isinstance(getattr(statement, "body", None), cst.IndentedBlock)
                                              for statement in part.body)]
    default_indent = (indented[0] if indented else parts[0]).default_indent
    return parts[0].with_changes(body=body, footer=carried, default_indent=default_indent,
                                 has_trailing_newline=parts[-1].has_trailing_newline)
