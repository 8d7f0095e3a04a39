"""An object of the program's own subclass of ``keras.Sequential``: a Sequential in every respect
(its rows, its deferred build) but its type, which Keras prints as the class's name."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from lstm_lint.graph.objects import Model
from lstm_lint.layers.spec import to_snake_case
from lstm_lint.values import Cause


@dataclass(eq=False)
class SequentialSubclass(Model):
    user_class_name: str = ""
    # ``Sequential.__init__`` ran (``super().__init__(...)``): before that Keras has no model.
    initialised: bool = False
    # Why its rows are not known (``incomplete``): the first thing of the class lstm-lint does not follow.
    unfollowed: Optional[Cause] = None

    def give_up(self, line: int, column: int, reason: str) -> None:
        self.incomplete = True
        if self.unfollowed is None:
            self.unfollowed = Cause(line, column, reason)

    @property
    def class_name(self) -> str:
        return self.user_class_name

    @property
    def type_name(self) -> str:
        return self.user_class_name

    @property
    def keras_default_prefix(self) -> str:
        return to_snake_case(self.user_class_name)
