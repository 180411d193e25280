"""The built-in recipes: their parameters (for the app's start form) and how user overrides are checked.
Importing this package imports no torch, so `--describe-recipes` answers in milliseconds."""
from __future__ import annotations

import importlib
from typing import Any, Dict, List, NamedTuple, Set, Tuple

from .._runtime import RunError


class Param(NamedTuple):
    """One recipe parameter: its key, type ("int", "float", "string" or "bool"), default and a line of help."""

    key: str
    type: str
    default: Any
    help: str


# Recipe id -> module under workbench.recipes defining ID, VERSION, TITLE, DESCRIPTION, PARAMS and run(ctx).
_RECIPES = {"tyre-quality": "tyre_quality"}


def recipe_ids() -> List[str]:
    """The ids of the built-in recipes."""
    return list(_RECIPES)


def load(recipe_id: str) -> Any:
    """The recipe's module; RunError naming the known recipes when there is no such recipe."""
    module = _RECIPES.get(recipe_id)
    if module is None:
        raise RunError(f"unknown recipe {recipe_id!r}; the built-in recipes are: {', '.join(_RECIPES)}")
    return importlib.import_module(f"{__name__}.{module}")


def describe() -> Dict[str, Any]:
    """{"recipes": [{id, version, title, description, params: [{key, type, default, help}]}]}."""
    recipes = []
    for recipe_id in _RECIPES:
        recipe = load(recipe_id)
        recipes.append(
            {
                "id": recipe.ID,
                "version": recipe.VERSION,
                "title": recipe.TITLE,
                "description": recipe.DESCRIPTION,
                "params": [p._asdict() for p in recipe.PARAMS],
            }
        )
    return {"recipes": recipes}


def _coerce(param: Param, value: Any) -> Any:
    wrong = RunError(f"parameter {param.key!r} must be {_a(param.type)}, got {value!r}")
    if param.type == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0", "yes", "no"):
            return value.strip().lower() in ("true", "1", "yes")
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        raise wrong
    if param.type == "string":
        return str(value)
    if isinstance(value, bool):
        raise wrong
    try:
        number = float(value.strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise wrong from None
    if param.type == "int":
        if not number.is_integer():
            raise wrong
        return int(number)
    return number


def _a(type_name: str) -> str:
    return {"int": "a whole number", "float": "a number", "bool": "true or false", "string": "text"}[type_name]


def resolve_params(params_spec: List[Param], overrides: Dict[str, Any]) -> Tuple[Dict[str, Any], Set[str]]:
    """Defaults with the user's overrides applied and type-checked; also which keys the user gave."""
    by_key = {p.key: p for p in params_spec}
    unknown = [k for k in overrides if k not in by_key]
    if unknown:
        raise RunError(
            f"unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(repr(k) for k in unknown)}; "
            f"this recipe takes: {', '.join(by_key)}"
        )
    resolved = {p.key: p.default for p in params_spec}
    for key, value in overrides.items():
        resolved[key] = _coerce(by_key[key], value)
    return resolved, set(overrides)
