"""`dspy.Module`, `dspy.Prediction` and the modules the program commands build: Predict, ChainOfThought,
ReAct, MultiChainComparison, BestOfN, Refine. Each mirrors DSPy 3.x's control flow, kept short: Refine
retries like BestOfN, without asking the LM for advice between attempts."""

from __future__ import annotations

import copy
import inspect
import typing

from . import chat_format
from .configuration import settings
from .signatures import InputField, OutputField, Signature, ensure_signature
from .utils.callback import with_callbacks


class Prediction:
    """Named values, read as attributes or items; `toDict()` gives them as a dict."""

    def __init__(self, base=None, **kwargs):  # noqa: ANN001
        store = dict(base) if isinstance(base, dict) else (dict(base._store) if isinstance(base, Prediction) else {})
        store.update(kwargs)
        object.__setattr__(self, "_store", store)
        object.__setattr__(self, "_lm_usage", None)

    def __getattr__(self, key: str) -> object:
        if key.startswith("__") and key.endswith("__"):
            raise AttributeError(key)
        try:
            return self._store[key]
        except KeyError:
            raise AttributeError(f"'Prediction' object has no attribute '{key}'") from None

    def __getitem__(self, key: str) -> object:
        return self._store[key]

    def __contains__(self, key: object) -> bool:
        return key in self._store

    def __iter__(self):  # noqa: ANN204
        return iter(dict(self._store))

    def __len__(self) -> int:
        return len(self._store)

    def keys(self) -> list[str]:
        return list(self._store)

    def items(self) -> list[tuple[str, object]]:
        return list(self._store.items())

    def get(self, key: str, default: object = None) -> object:
        return self._store.get(key, default)

    def toDict(self) -> dict[str, object]:  # noqa: N802 - DSPy's name
        return {key: value.toDict() if hasattr(value, "toDict") else value for key, value in self._store.items()}

    def get_lm_usage(self) -> dict[str, object] | None:
        return self._lm_usage

    def set_lm_usage(self, value: dict[str, object]) -> None:
        object.__setattr__(self, "_lm_usage", value)

    def __repr__(self) -> str:
        return f"Prediction({self._store!r})"


class UsageTracker:
    """The usage of the LM calls made while it is the settings' usage_tracker, summed by model."""

    def __init__(self) -> None:
        self.usage_data: dict[str, list[dict[str, object]]] = {}

    def add_usage(self, lm: str, usage_entry: dict[str, object]) -> None:
        if usage_entry:
            self.usage_data.setdefault(lm, []).append(dict(usage_entry))

    def get_total_tokens(self) -> dict[str, dict[str, object]]:
        totals: dict[str, dict[str, object]] = {}
        for lm, entries in self.usage_data.items():
            total: dict[str, object] = {}
            for entry in entries:
                for key, value in entry.items():
                    if isinstance(value, (int, float)):
                        total[key] = total.get(key, 0) + value  # type: ignore[operator]
            totals[lm] = total
        return totals


class Module:
    def __init__(self, callbacks=None):  # noqa: ANN001
        self.callbacks = callbacks or []
        self.history: list[object] = []

    @with_callbacks
    def __call__(self, *args, **kwargs):  # noqa: ANN002, ANN003
        if settings.track_usage and settings.usage_tracker is None:
            tracker = UsageTracker()
            with settings.context(usage_tracker=tracker):
                output = self.forward(*args, **kwargs)
            if isinstance(output, Prediction):
                output.set_lm_usage(tracker.get_total_tokens())
            return output
        return self.forward(*args, **kwargs)

    def named_parameters(self) -> list[tuple[str, Predict]]:
        found: list[tuple[str, Predict]] = []
        seen: set[int] = set()

        def add(name: str, value: object) -> None:
            if isinstance(value, Predict):
                if id(value) not in seen:
                    seen.add(id(value))
                    found.append((name, value))
            elif isinstance(value, Module):
                for sub_name, param in value.named_parameters():
                    add(f"{name}.{sub_name}", param)

        if isinstance(self, Predict):
            add("self", self)
        for name, value in self.__dict__.items():
            if isinstance(value, (list, tuple)):
                for index, item in enumerate(value):
                    add(f"{name}[{index}]", item)
            elif isinstance(value, dict):
                for key, item in value.items():
                    add(f"{name}['{key}']", item)
            elif value is not self:
                add(name, value)
        return found

    def named_predictors(self) -> list[tuple[str, Predict]]:
        return self.named_parameters()

    def predictors(self) -> list[Predict]:
        return [param for _, param in self.named_parameters()]

    def set_lm(self, lm) -> None:  # noqa: ANN001
        for _, param in self.named_predictors():
            param.lm = lm

    def get_lm(self):  # noqa: ANN201
        used = {id(param.lm): param.lm for _, param in self.named_predictors()}
        if len(used) == 1:
            return next(iter(used.values()))
        raise ValueError("Multiple LMs are being used in the module. There's no unique LM to return.")

    def deepcopy(self):  # noqa: ANN201
        return copy.deepcopy(self)

    def dump_state(self, json_mode=True):  # noqa: ANN001, ANN201
        return {name: param.dump_state(json_mode=json_mode) for name, param in self.named_parameters()}

    def load_state(self, state):  # noqa: ANN001, ANN201
        def apply(module: Module) -> None:
            for name, param in module.named_parameters():
                param.load_state(state[name])

        apply(self.deepcopy())  # a trial run raises before self is touched
        apply(self)
        return self


class Predict(Module):
    def __init__(self, signature, callbacks=None, **config):  # noqa: ANN001, ANN003
        super().__init__(callbacks=callbacks)
        self.signature = ensure_signature(signature)
        self.config = config
        self.lm = None
        self.demos: list[dict[str, object]] = []
        self.traces: list[object] = []
        self.train: list[object] = []

    def named_parameters(self) -> list[tuple[str, Predict]]:
        return [("self", self)]

    def forward(self, **kwargs):  # noqa: ANN003, ANN201
        signature = ensure_signature(kwargs.pop("signature", self.signature))
        demos = kwargs.pop("demos", self.demos)
        config = {**self.config, **kwargs.pop("config", {})}
        lm = kwargs.pop("lm", self.lm) or settings.lm
        if lm is None:
            raise ValueError("No LM is loaded. Please configure the LM using `dspy.configure(lm=dspy.LM(...))`.")
        messages = chat_format.format_messages(signature, demos, kwargs)
        outputs = lm(messages=messages, **config)
        first = outputs[0]
        text = first if isinstance(first, str) else first["text"]
        prediction = Prediction(**chat_format.parse(signature, text))
        trace = settings.get("trace")
        if trace is not None:
            trace.append((self, kwargs, prediction))
        return prediction

    def dump_state(self, json_mode=True):  # noqa: ANN001, ANN201
        return {
            "traces": list(self.traces),
            "train": list(self.train),
            "demos": [dict(demo) for demo in self.demos],
            "signature": self.signature.dump_state(),
            "lm": self.lm.dump_state() if self.lm else None,
        }

    def load_state(self, state):  # noqa: ANN001, ANN201
        from .lms import LM

        for name, value in state.items():
            if name not in ("signature", "extended_signature", "lm"):
                setattr(self, name, value)
        self.signature = self.signature.load_state(state["signature"])
        self.lm = LM(**state["lm"]) if state["lm"] else None
        return self


class ChainOfThought(Module):
    def __init__(self, signature, rationale_field=None, rationale_field_type=str, **config):  # noqa: ANN001, ANN003
        super().__init__()
        signature = ensure_signature(signature)
        field = rationale_field or OutputField(prefix="Reasoning: Let's think step by step in order to", desc="${reasoning}")
        self.predict = Predict(signature.prepend(name="reasoning", field=field, type_=rationale_field_type), **config)

    def forward(self, **kwargs):  # noqa: ANN003, ANN201
        return self.predict(**kwargs)


class MultiChainComparison(Module):
    def __init__(self, signature, M=3, temperature=0.7, **config):  # noqa: ANN001, ANN003, N803
        super().__init__()
        self.M = M
        signature = ensure_signature(signature)
        *_, self.last_key = signature.output_fields.keys()
        for index in range(M):
            signature = signature.append(
                f"reasoning_attempt_{index + 1}", InputField(prefix=f"Student Attempt #{index + 1}:", desc="${reasoning attempt}")
            )
        signature = signature.prepend(
            "rationale", OutputField(prefix="Accurate Reasoning: Thank you everyone. Let's now holistically", desc="${corrected reasoning}")
        )
        self.predict = Predict(signature, temperature=temperature, **config)

    def forward(self, completions, **kwargs):  # noqa: ANN001, ANN003, ANN201
        attempts = []
        for completion in completions:
            rationale = str(completion.get("rationale", completion.get("reasoning"))).strip().split("\n")[0].strip()
            answer = str(completion[self.last_key]).strip().split("\n")[0].strip()
            attempts.append(f"«I'm trying to {rationale} I'm not sure but my prediction is {answer}»")
        assert len(attempts) == self.M, f"The number of attempts ({len(attempts)}) doesn't match the expected number M ({self.M})."
        return self.predict(**{f"reasoning_attempt_{index + 1}": attempt for index, attempt in enumerate(attempts)}, **kwargs)


class ReAct(Module):
    def __init__(self, signature, tools, max_iters=10):  # noqa: ANN001
        super().__init__()
        self.signature = signature = ensure_signature(signature)
        self.max_iters = max_iters
        self.tools = {tool.__name__: tool for tool in tools}
        self.tools["finish"] = lambda: "Completed."
        names = typing.Literal.__getitem__(tuple(self.tools))
        instructions = "\n".join(
            [signature.instructions, "You are an Agent. Choose tools until you can produce the outputs, then choose finish."]
            + [f"({index + 1}) {name}" for index, name in enumerate(self.tools)]
        )
        react_signature = (
            Signature(dict(signature.input_fields), instructions)
            .append("trajectory", InputField(), type_=str)
            .append("next_thought", OutputField(), type_=str)
            .append("next_tool_name", OutputField(), type_=names)
            .append("next_tool_args", OutputField(), type_=dict[str, typing.Any])
        )
        fallback = Signature({**signature.input_fields, **signature.output_fields}, signature.instructions).append(
            "trajectory", InputField(), type_=str
        )
        self.react = Predict(react_signature)
        self.extract = ChainOfThought(fallback)

    def forward(self, **input_args):  # noqa: ANN003, ANN201
        trajectory: dict[str, object] = {}
        max_iters = input_args.pop("max_iters", self.max_iters)
        for index in range(max_iters):
            pred = self.react(**input_args, trajectory=_trajectory_text(trajectory))
            trajectory[f"thought_{index}"] = pred.next_thought
            trajectory[f"tool_name_{index}"] = pred.next_tool_name
            trajectory[f"tool_args_{index}"] = pred.next_tool_args
            try:
                trajectory[f"observation_{index}"] = self.tools[pred.next_tool_name](**pred.next_tool_args)
            except Exception as err:
                trajectory[f"observation_{index}"] = f"Execution error in {pred.next_tool_name}: {err}"
            if pred.next_tool_name == "finish":
                break
        extract = self.extract(**input_args, trajectory=_trajectory_text(trajectory))
        return Prediction(trajectory=trajectory, **extract.toDict())


def _trajectory_text(trajectory: dict[str, object]) -> str:
    return "\n\n".join(f"[[ ## {key} ## ]]\n{value}" for key, value in trajectory.items())


class BestOfN(Module):
    def __init__(self, module, N, reward_fn, threshold, fail_count=None):  # noqa: ANN001, N803
        super().__init__()
        self.module = module
        self.reward_fn = lambda *args: reward_fn(*args)  # so that it does not become a parameter
        self.threshold = threshold
        self.N = N
        self.fail_count = fail_count or N

    def forward(self, **kwargs):  # noqa: ANN003, ANN201
        lm = self.module.get_lm() or settings.lm
        start = lm.kwargs.get("rollout_id", 0)
        best_pred, best_trace, best_reward = None, None, -float("inf")
        for index, rollout_id in enumerate(range(start, start + self.N)):
            module = self.module.deepcopy()
            module.set_lm(lm.copy(rollout_id=rollout_id, temperature=1.0))
            try:
                with settings.context(trace=[]):
                    pred = module(**kwargs)
                    trace = list(settings.trace)
                    reward = self.reward_fn(kwargs, pred)
                if reward > best_reward:
                    best_reward, best_pred, best_trace = reward, pred, trace
                if reward >= self.threshold:
                    break
            except Exception as err:
                print(f"{type(self).__name__}: Attempt {index + 1} failed with rollout id {rollout_id}: {err}")
                if index > self.fail_count:
                    raise
                self.fail_count -= 1
        if best_trace and settings.trace is not None:
            settings.trace.extend(best_trace)
        return best_pred


class Refine(BestOfN):
    def __init__(self, module, N, reward_fn, threshold, fail_count=None):  # noqa: ANN001, N803
        super().__init__(module, N, reward_fn, threshold, fail_count)
        # Refine shows the module's and the reward's code to the LM when it asks for advice; both must have source.
        self.module_code = inspect.getsource(module.__class__)
        try:
            self.reward_fn_code = inspect.getsource(reward_fn)
        except TypeError:
            self.reward_fn_code = inspect.getsource(reward_fn.__class__)
