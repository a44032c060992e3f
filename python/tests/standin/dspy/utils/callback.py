"""`dspy.utils.callback`: BaseCallback, and the decorator that calls callbacks around LM and module calls."""

from __future__ import annotations

import functools
import inspect
import uuid
from collections.abc import Callable


class BaseCallback:
    """Handlers called before and after components run; subclasses override the ones they need."""

    def on_module_start(self, call_id: str, instance: object, inputs: dict[str, object]) -> None:
        pass

    def on_module_end(self, call_id: str, outputs: object, exception: BaseException | None = None) -> None:
        pass

    def on_lm_start(self, call_id: str, instance: object, inputs: dict[str, object]) -> None:
        pass

    def on_lm_end(self, call_id: str, outputs: object, exception: BaseException | None = None) -> None:
        pass

    def on_adapter_format_start(self, call_id: str, instance: object, inputs: dict[str, object]) -> None:
        pass

    def on_adapter_format_end(self, call_id: str, outputs: object, exception: BaseException | None = None) -> None:
        pass

    def on_adapter_parse_start(self, call_id: str, instance: object, inputs: dict[str, object]) -> None:
        pass

    def on_adapter_parse_end(self, call_id: str, outputs: object, exception: BaseException | None = None) -> None:
        pass

    def on_tool_start(self, call_id: str, instance: object, inputs: dict[str, object]) -> None:
        pass

    def on_tool_end(self, call_id: str, outputs: object, exception: BaseException | None = None) -> None:
        pass


def with_callbacks(fn: Callable[..., object]) -> Callable[..., object]:
    """Calls the settings' and the instance's callbacks around `fn`: on_lm_* for an LM, on_module_* otherwise."""

    @functools.wraps(fn)
    def wrapper(instance: object, *args: object, **kwargs: object) -> object:
        from ..configuration import settings
        from ..lms import BaseLM

        callbacks = list(settings.get("callbacks") or []) + list(getattr(instance, "callbacks", []) or [])
        if not callbacks:
            return fn(instance, *args, **kwargs)
        kind = "lm" if isinstance(instance, BaseLM) else "module"
        call_id = uuid.uuid4().hex
        inputs = inspect.getcallargs(fn, instance, *args, **kwargs)
        inputs.pop("self", None)
        for callback in callbacks:
            getattr(callback, f"on_{kind}_start")(call_id=call_id, instance=instance, inputs=inputs)
        results = None
        exception = None
        try:
            results = fn(instance, *args, **kwargs)
            return results
        except BaseException as exc:
            exception = exc
            raise
        finally:
            for callback in callbacks:
                getattr(callback, f"on_{kind}_end")(call_id=call_id, outputs=results, exception=exception)

    return wrapper
