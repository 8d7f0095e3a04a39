"""``lstm-lint check --format sarif``: SARIF 2.1.0, as GitHub code scanning takes it.

One run: the tool's driver lists every rule (id, name, descriptions, help as text and Markdown,
docs URL, default level: ``error`` for LL1xx, ``warning`` otherwise, and off for the default-off
rules); each diagnostic is a result pointing at its rule, with a path relative to the working
directory under ``%SRCROOT%`` (run it from the repository root, as GitHub resolves paths there).

What is not a finding about the code goes in ``invocations[0].toolExecutionNotifications``, where
SARIF keeps tool errors and GitHub shows them as such: LL900 (lstm-lint could not analyse a file;
its descriptor is in ``driver.notifications``) and files that could not be read or parsed (these
also make ``executionSuccessful`` false, as the command exits 2). The output is a valid log in
every case, with no results when nothing is found.

A finding that ``check --fix`` would fix (a safe fix; an unsafe one too with ``--unsafe-fixes``)
carries it as a SARIF ``fix``: its message, and each text edit as a replacement of a region
(1-based columns in code points, as the locations; an insertion is an empty region).
"""
from __future__ import annotations

import json
import os
import pathlib
from typing import Any, Dict, List, Optional
from urllib.parse import quote

from lstm_lint import __version__
from lstm_lint.fixes import Fix
from lstm_lint.formats.diagnostics import CheckReport, end, relative_path, start
from lstm_lint.rules import ALL_RULES, INTERNAL_ERROR, INTERNAL_ERROR_DOC
from lstm_lint.rules.base import REPOSITORY_URL, Diagnostic, docs_url, level_of
from lstm_lint.rules.docs import (
    INTERNAL_ERROR_MORE, INTERNAL_ERROR_NAME, internal_error_markdown, rule_markdown, rule_text,
)

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"


def _rule_descriptors() -> List[Dict[str, Any]]:
    return [{
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.what_it_does},
        "help": {"text": rule_text(rule), "markdown": rule_markdown(rule)},
        "helpUri": rule.url(),
        "defaultConfiguration": {"level": rule.default_level(), "enabled": rule.default_enabled},
    } for rule in ALL_RULES]


def _internal_error_descriptor() -> Dict[str, Any]:
    return {
        "id": INTERNAL_ERROR,
        "name": INTERNAL_ERROR_NAME,
        "shortDescription": {"text": INTERNAL_ERROR_DOC},
        "fullDescription": {"text": f"{INTERNAL_ERROR_DOC} {INTERNAL_ERROR_MORE}"},
        "help": {"text": f"{INTERNAL_ERROR_DOC}\n\n{INTERNAL_ERROR_MORE}\n", "markdown": internal_error_markdown()},
        "helpUri": docs_url(INTERNAL_ERROR),
        "defaultConfiguration": {"level": level_of(INTERNAL_ERROR)},
    }


def artifact_location(path: str) -> Dict[str, Any]:
    relative = relative_path(path)
    if relative is None:  # outside the working directory: an absolute file URI
        return {"uri": pathlib.Path(os.path.abspath(path)).as_uri()}
    return {"uri": quote(relative, safe="/"), "uriBaseId": SRCROOT}


def _location(path: str, line: int, column: int, end_line: int, end_column: int) -> Dict[str, Any]:
    return {"physicalLocation": {
        "artifactLocation": artifact_location(path),
        "region": {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column},
    }}


def _diagnostic_location(path: str, diagnostic: Diagnostic) -> Dict[str, Any]:
    line, column = start(diagnostic)
    end_line, end_column = end(diagnostic)
    return _location(path, line, column, end_line, end_column)


def _fix(path: str, fix: Fix) -> Dict[str, Any]:
    return {
        "description": {"text": fix.message if fix.safe else f"{fix.message} (unsafe: changes the model)"},
        "artifactChanges": [{
            "artifactLocation": artifact_location(path),
            "replacements": [{
                "deletedRegion": {"startLine": edit.line, "startColumn": edit.column + 1,
                                  "endLine": edit.end_line, "endColumn": edit.end_column + 1},
                "insertedContent": {"text": edit.replacement},
            } for edit in fix.edits],
        }],
    }


def render(report: CheckReport) -> str:
    rule_index = {rule.code: index for index, rule in enumerate(ALL_RULES)}
    results: List[Dict[str, Any]] = []
    notifications: List[Dict[str, Any]] = []
    for result in report.files:
        for diagnostic in result.diagnostics:
            if diagnostic.code == INTERNAL_ERROR:
                notifications.append({
                    "level": level_of(INTERNAL_ERROR),
                    "message": {"text": diagnostic.message},
                    "locations": [_diagnostic_location(result.path, diagnostic)],
                    "descriptor": {"id": INTERNAL_ERROR, "index": 0},
                })
                continue
            index: Optional[int] = rule_index.get(diagnostic.code)
            entry: Dict[str, Any] = {
                "ruleId": diagnostic.code,
                "level": level_of(diagnostic.code),
                "message": {"text": diagnostic.message},
                "locations": [_diagnostic_location(result.path, diagnostic)],
            }
            if index is not None:
                entry["ruleIndex"] = index
            if diagnostic.fix is not None and report.applicable(diagnostic):
                entry["fixes"] = [_fix(result.path, diagnostic.fix)]
            results.append(entry)
    for failure in report.failures:
        notifications.append({
            "level": "error",
            "message": {"text": failure.message},
            "locations": [_location(failure.path, failure.line, failure.column + 1,
                                    failure.line, failure.column + 1)],
        })
    source_root = pathlib.Path(os.path.abspath(os.curdir)).as_uri().rstrip("/") + "/"
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "lstm-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": REPOSITORY_URL,
                "rules": _rule_descriptors(),
                "notifications": [_internal_error_descriptor()],
            }},
            "invocations": [{
                "executionSuccessful": not report.failures,
                "toolExecutionNotifications": notifications,
            }],
            "originalUriBaseIds": {SRCROOT: {"uri": source_root}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2) + "\n"
