"""Every test gets its own, empty result cache: no test reads results another test (or an earlier
run, or the user's own lstm-lint) left behind, and none writes into the user's cache folder."""
from __future__ import annotations

import pytest

from lstm_lint.cache import CACHE_DIR_VARIABLE


@pytest.fixture(autouse=True)
def private_result_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path_factory.mktemp("lstm-lint-cache")))
