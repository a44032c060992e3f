"""The program kinds: their options, checked and filled with defaults, and the DSPy module each one builds."""

from __future__ import annotations

import functools

from ..errors import DependencyMissing, InvalidArguments
from ..protocol import describe_value
from .loader import Dspy, upgrade_hint
from .signatures import SignatureSpec
from .targets import resolve

# Per kind: each option's checker and default (None: required).
_INT = "a whole number of at least 1"
_NUMBER = "a number"
_TARGETS = "an array of 'module:function' strings"
_TARGET = "a 'module:function' string"
_BEST_OF = {"n": (_INT, None), "reward": (_TARGET, None), "threshold": (_NUMBER, 1.0)}
OPTIONS: dict[str, dict[str, tuple[str, object]]] = {
    "predict": {},
    "chain_of_thought": {},
    "react": {"tools": (_TARGETS, []), "max_iters": (_INT, 10)},
    "multi_chain_comparison": {"m": (_INT, 3)},
    "best_of_n": _BEST_OF,
    "refine": _BEST_OF,
}
# The kinds whose prediction carries the module's own reasoning.
REASONING_KINDS = frozenset(("chain_of_thought", "react", "multi_chain_comparison", "best_of_n", "refine"))
# DSPy 2.x spreads attempts by temperature, 3.x by rollout id (with temperature 1.0), as its BestOfN does.
_ROLLOUT_MAJOR = 3


def check_kind_options(where: str, kind: str, options: dict[str, object]) -> dict[str, object]:
    """The options of `kind`, checked, with defaults filled in."""
    allowed = OPTIONS.get(kind)
    if allowed is None:
        raise InvalidArguments(f"{where}: unknown kind {kind!r}; the kinds are {', '.join(sorted(OPTIONS))}")
    for key in options:
        if key not in allowed:
            takes = "takes no options" if not allowed else "takes " + ", ".join(repr(name) for name in allowed)
            raise InvalidArguments(f"{where}: unknown option {key!r} for kind {kind!r}, which {takes}")
    filled: dict[str, object] = {}
    for key, (expected, default) in allowed.items():
        if key not in options:
            if default is None:
                raise InvalidArguments(f"{where}: kind {kind!r} needs option {key!r}, {expected}")
            filled[key] = default
            continue
        filled[key] = _checked(where, key, expected, options[key])
    return filled


def _checked(where: str, key: str, expected: str, value: object) -> object:
    good = (
        (expected == _INT and type(value) is int and value >= 1)
        or (expected == _NUMBER and type(value) in (int, float))
        or (expected == _TARGET and type(value) is str)
        or (expected == _TARGETS and type(value) is list and all(type(item) is str for item in value))
    )
    if not good:
        raise InvalidArguments(f"{where}: option {key!r} expected {expected}, got {describe_value(value)}")
    return float(value) if expected == _NUMBER else value  # type: ignore[arg-type]


def build_module(dspy: Dspy, where: str, kind: str, spec: SignatureSpec, options: dict[str, object]) -> object:
    """The DSPy module of a program; imports the option targets (tools, reward)."""
    d = dspy.module
    signature = spec.build(d)
    if kind == "predict":
        return d.Predict(signature)  # type: ignore[attr-defined]
    if kind == "chain_of_thought":
        return d.ChainOfThought(signature)  # type: ignore[attr-defined]
    if kind == "react":
        tools = [resolve(target, f"{where}: option 'tools'[{index}]") for index, target in enumerate(options["tools"])]  # type: ignore[arg-type]
        return d.ReAct(signature, tools=tools, max_iters=options["max_iters"])  # type: ignore[attr-defined]
    if kind == "multi_chain_comparison":
        return _multi_chain(dspy, signature, options["m"])  # type: ignore[arg-type]
    module_class = getattr(d, "BestOfN" if kind == "best_of_n" else "Refine", None)
    if module_class is None:
        raise DependencyMissing(f"kind {kind!r} needs a newer DSPy than {dspy.version}: {upgrade_hint()}")
    reward = _reward_on_jvm_names(d, resolve(options["reward"], f"{where}: option 'reward'"), spec)  # type: ignore[arg-type]
    return module_class(
        module=d.ChainOfThought(signature), N=options["n"], reward_fn=reward, threshold=options["threshold"]  # type: ignore[attr-defined]
    )


def _reward_on_jvm_names(d: object, reward: object, spec: SignatureSpec) -> object:
    """The reward function, called with the arguments and the prediction under the JVM's field names."""

    @functools.wraps(reward)  # type: ignore[arg-type]
    def reward_fn(args: dict[str, object], prediction: object) -> object:
        jvm_args = {field.name: args[field.python_name] for field in spec.inputs if field.python_name in args}
        values = {field.name: prediction[field.python_name] for field in spec.outputs if field.python_name in prediction}  # type: ignore[index,operator]
        if "reasoning" in prediction and "reasoning" not in values:  # type: ignore[operator]
            values["reasoning"] = prediction["reasoning"]  # type: ignore[index]
        # Positional: Prediction's keyword arguments would take a field named 'base' for its own parameter.
        return reward(jvm_args, d.Prediction(values))  # type: ignore[attr-defined,operator]

    return reward_fn


def _multi_chain(dspy: Dspy, signature: object, m: int) -> object:
    """M chain-of-thought attempts, each on its own LM copy so that they differ, compared by MultiChainComparison."""
    d = dspy.module
    rollouts = dspy.major is not None and dspy.major >= _ROLLOUT_MAJOR

    class MultiChain(d.Module):  # type: ignore[attr-defined,name-defined,misc]
        def __init__(self) -> None:
            super().__init__()
            self.attempt = d.ChainOfThought(signature)  # type: ignore[attr-defined]
            self.compare = d.MultiChainComparison(signature, M=m)  # type: ignore[attr-defined]

        def forward(self, **kwargs: object) -> object:
            lm = d.settings.lm  # type: ignore[attr-defined]
            completions = []
            for index in range(m):
                attempt_lm = lm.copy(rollout_id=index, temperature=1.0) if rollouts else lm.copy(temperature=0.5 + index * 0.5 / m)
                with d.context(lm=attempt_lm):  # type: ignore[attr-defined]
                    completions.append(self.attempt(**kwargs))
            return self.compare(completions, **kwargs)

    return MultiChain()
