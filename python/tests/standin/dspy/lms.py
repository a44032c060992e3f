"""`dspy.BaseLM` and `dspy.LM`: a call asks `forward` for an OpenAI-style response, then records the exchange
in the LM's history and its usage in the usage tracker of the settings, if one is active."""

from __future__ import annotations

import copy
import datetime
import uuid

from .configuration import settings
from .utils.callback import with_callbacks


class BaseLM:
    def __init__(self, model, model_type="chat", temperature=0.0, max_tokens=1000, cache=True, **kwargs):  # noqa: ANN001
        self.model = model
        self.model_type = model_type
        self.cache = cache
        self.kwargs = dict(temperature=temperature, max_tokens=max_tokens, **kwargs)
        self.history: list[dict[str, object]] = []

    @with_callbacks
    def __call__(self, prompt=None, messages=None, **kwargs):  # noqa: ANN001
        response = self.forward(prompt=prompt, messages=messages, **kwargs)
        return self._process_lm_response(response, prompt, messages, **kwargs)

    def forward(self, prompt=None, messages=None, **kwargs):  # noqa: ANN001
        raise NotImplementedError("Subclasses must implement this method.")

    def copy(self, **kwargs):  # noqa: ANN001
        """A deep copy with an empty history; keyword arguments update its attributes or its LM kwargs."""
        new_instance = copy.deepcopy(self)
        new_instance.history = []
        for key, value in kwargs.items():
            if hasattr(self, key):
                setattr(new_instance, key, value)
            if key in self.kwargs or not hasattr(self, key):
                if value is None:
                    new_instance.kwargs.pop(key, None)
                else:
                    new_instance.kwargs[key] = value
        return new_instance

    def dump_state(self) -> dict[str, object]:
        return {"model": self.model, "model_type": self.model_type, "cache": self.cache, **self.kwargs}

    def _process_lm_response(self, response, prompt, messages, **kwargs):  # noqa: ANN001
        outputs = [choice.message.content for choice in response.choices]
        usage = dict(getattr(response, "usage", None) or {})
        if settings.usage_tracker is not None and not getattr(response, "cache_hit", False):
            settings.usage_tracker.add_usage(self.model, usage)
        if settings.disable_history:
            return outputs
        self.history.append(
            {
                "prompt": prompt,
                "messages": messages,
                "kwargs": {key: value for key, value in kwargs.items() if not key.startswith("api_")},
                "response": response,
                "outputs": outputs,
                "usage": usage,
                "cost": getattr(response, "_hidden_params", {}).get("response_cost"),
                "timestamp": datetime.datetime.now().isoformat(),
                "uuid": str(uuid.uuid4()),
                "model": self.model,
                "response_model": getattr(response, "model", None),
                "model_type": self.model_type,
            }
        )
        return outputs


class LM(BaseLM):
    """The stand-in reaches no provider: its calls fail, saying to use a fake LM (a configure_lm factory)."""

    def __init__(  # noqa: ANN001
        self,
        model,
        model_type="chat",
        temperature=None,
        max_tokens=None,
        cache=True,
        callbacks=None,
        num_retries=3,
        provider=None,
        finetuning_model=None,
        launch_kwargs=None,
        train_kwargs=None,
        use_developer_role=False,
        **kwargs,
    ):
        super().__init__(model, model_type=model_type, temperature=temperature, max_tokens=max_tokens, cache=cache, **kwargs)
        self.callbacks = callbacks or []
        self.num_retries = num_retries
        self.provider = provider

    def forward(self, prompt=None, messages=None, **kwargs):  # noqa: ANN001
        raise ConnectionError(
            f"the DSPy stand-in reaches no provider for model {self.model!r}: configure a fake LM with a factory in tests"
        )
