"""One shape for every recipe: its own fields, the loop's ``TrainConfig`` in ``train``, one ``replace``, one ``build``.

A recipe is a whole experiment but its data: the networks and what shapes them (the fields of its family: 1-D,
2-D, MNIST, D alone) and the loop's settings, one ``TrainConfig`` in ``train``, their only home. Every family is a
frozen dataclass on this base, so all of them are changed and built the same way:

    recipe.replace(lr_d=1e-4, standardise=True)   # lr_d goes to recipe.train (TrainConfig checks it), standardise
                                                  # to the recipe; a derived field is refused, naming its setters
    recipe.build(data, callbacks=(...))           # -> the Trainer of one run, or of a stack of seeds

A field travels downhill once: ``replace`` hands loop fields to ``dataclasses.replace(recipe.train, ...)``, where
``TrainConfig`` checks them (the one validator of a learning rate, a batch size, ...); ``build`` hands
``recipe.train`` to the ``Trainer`` as it is, which gives the learning rates to Adam. The seed and the device of a
run are loop fields like the others: ``recipe.for_run(seed=3)`` is the recipe with that seed (itself when nothing
changes), and ``build`` never rewrites a field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import MISSING, fields, replace
from typing import ClassVar, TypeVar

from .train import Callback, TrainConfig, Trainer

__all__ = ["Recipe"]

R = TypeVar("R", bound="Recipe")


def _same(a: object, b: object) -> bool:
    """``a == b`` for values of one type (a seed, a tuple of seeds, a device name); any other pair differs."""
    return type(a) is type(b) and a == b


class Recipe:
    """The base of every recipe family: a frozen dataclass that declares its own fields and ``train: TrainConfig``.

    ``DERIVED`` names the loop fields a family computes from its own (the derived field -> the fields that set it),
    which ``replace`` and ``make`` refuse to set; ``derive_loop`` gives their values.
    """

    DERIVED: ClassVar[dict[str, tuple[str, ...]]] = {}
    train: TrainConfig

    def __post_init__(self) -> None:
        if not isinstance(self.train, TrainConfig):
            raise ValueError(f"{type(self).__name__}.train must be a TrainConfig, got {type(self.train).__name__}")

    def _check_derived(self) -> None:
        """Refuse a ``train`` whose derived fields are not what the recipe's own fields make (a family calls this
        once its own fields are checked)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for name, value in self.derive_loop(None, values, {}).items():
            if getattr(self.train, name) != value:
                cls, setters = type(self).__name__, self.DERIVED[name]
                raise ValueError(
                    f"train.{name} of a {cls} is derived from {self.derivation(name)} = {value}, got train.{name} = "
                    f"{getattr(self.train, name)}: change {setters[0]}, not {name}, with recipe.replace({setters[0]}="
                    f"...), or build a new recipe with {cls}.make(..., {setters[0]}=...)"
                )

    # ------------------------------------------------------------------ changing a recipe
    @classmethod
    def _own_fields(cls) -> set[str]:
        return {f.name for f in fields(cls)} - {"train"}

    @staticmethod
    def _loop_fields() -> set[str]:
        return {f.name for f in fields(TrainConfig)}

    @classmethod
    def _refuse_derived(cls, changes: dict) -> None:
        for name in sorted(set(changes) & set(cls.DERIVED)):
            setters = cls.DERIVED[name]
            raise ValueError(
                f"{cls.__name__}.{name} cannot be set: it is derived from {', '.join(setters)} and would be "
                f"overwritten (got {name}={changes[name]!r}); change {' or '.join(setters)} instead, e.g. "
                f"recipe.replace({setters[0]}=...)"
            )

    def derivation(self, name: str) -> str:
        """How derived field ``name`` follows from the recipe's own, in words with this recipe's numbers."""
        return ", ".join(self.DERIVED[name])

    @classmethod
    def derive_loop(cls, old: Recipe | None, values: dict, changes: dict) -> dict:
        """The loop fields that follow from the recipe's new field ``values`` (all of them, after ``changes``, the new
        ``train`` included); ``old`` is the recipe changed (None for ``make``). None here."""
        return {}

    def replace(self: R, **changes) -> R:
        """This recipe with ``changes``: a name of the recipe's own goes to the recipe, a loop field (``lr_d``,
        ``steps``, ``seed``, ...) to ``train``, each checked by its dataclass; a derived field is refused."""
        cls = type(self).__name__
        own, loop_fields = self._own_fields(), self._loop_fields()
        unknown = sorted(set(changes) - own - {"train"} - loop_fields)
        if unknown:
            raise ValueError(
                f"{cls} has no field {unknown}; its fields: {sorted(own)}, "
                f"and the loop's (TrainConfig): {sorted(loop_fields - set(self.DERIVED))}"
            )
        self._refuse_derived(changes)
        loop = {k: v for k, v in changes.items() if k in loop_fields and k not in own}
        rest = {k: v for k, v in changes.items() if k not in loop}
        train = rest.get("train", self.train)
        if loop:
            train = replace(train, **loop)
        if "train" not in changes:  # a train given whole is checked as it is, not rewritten
            values = {f.name: rest.get(f.name, getattr(self, f.name)) for f in fields(self)}
            follow = self.derive_loop(self, {**values, "train": train}, changes)
            follow = {k: v for k, v in follow.items() if getattr(train, k) != v}  # what stays is not made again
            if follow:
                train = replace(train, **follow)
        if train is not self.train:
            rest["train"] = train
        return replace(self, **rest)

    @classmethod
    def make(cls: type[R], **settings) -> R:
        """A recipe from its own fields and the loop's as keywords (``batch_size``, ``lr_d``, ``betas``, ...): ``train``
        is the family's own loop (or ``TrainConfig()`` where it has none) with those settings, the derived fields
        computed, never given."""
        own, loop_fields = cls._own_fields(), cls._loop_fields()
        unknown = sorted(set(settings) - own - loop_fields)
        if unknown:
            raise ValueError(f"{cls.__name__} has no field {unknown}; its fields: {sorted(own)}, and the loop's "
                             f"(TrainConfig): {sorted(loop_fields - set(cls.DERIVED))}")
        cls._refuse_derived(settings)
        loop = {k: v for k, v in settings.items() if k in loop_fields and k not in own}
        default = next(f.default for f in fields(cls) if f.name == "train")  # the family's loop, if it has one
        train = replace(default, **loop) if isinstance(default, TrainConfig) else TrainConfig(**loop)
        defaults = {f.name: f.default for f in fields(cls) if f.name != "train" and f.default is not MISSING}
        values = {**{name: None for name in own}, **defaults, **{k: v for k, v in settings.items() if k in own}}
        follow = cls.derive_loop(None, {**values, "train": train}, settings)
        return cls(**values, train=replace(train, **follow) if follow else train)

    def for_run(self: R, **run) -> R:
        """This recipe with the loop fields of one run (``seed``, ``seeds``, ``device``) that differ; itself when none
        does: a build passes ``train`` to the Trainer as it is."""
        unknown = sorted(set(run) - {"seed", "seeds", "device"})
        if unknown:
            raise ValueError(f"for_run takes the loop fields of one run (seed, seeds, device), got {unknown}; change "
                             f"other fields with recipe.replace(...)")
        changed = {k: v for k, v in run.items() if not _same(getattr(self.train, k), v)}
        return self.replace(**changed) if changed else self

    # ------------------------------------------------------------------ building a run
    def build(self, data=None, *, callbacks: Iterable[Callback] = ()) -> Trainer:
        """The ``Trainer`` of this recipe on ``data`` (the family says what that is), seeded by ``train.seed``, or
        one stacked run of ``train.seeds``."""
        raise NotImplementedError(f"{type(self).__name__} does not say how to build a run")
