"""Framing and the value codec of the wire protocol; PROTOCOL.md is the contract."""

from __future__ import annotations

import array
import functools
import json
import json.encoder
import math
import os
import struct
import threading
from collections.abc import Callable

from . import arrays
from .arrays import Buffer
from .errors import InvalidArguments, ProtocolError, UnsupportedValue, qualified_name

PROTOCOL_VERSION = 2
HEADER_BYTES = 4
DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024
LARGEST_FRAME_BYTES = 2**32 - 1
TAG = "__pybridge__"
_LONG_MIN = -(2**63)
_LONG_MAX = 2**63 - 1
_FLOAT_TEXTS = ("nan", "inf", "-inf")
# A binary payload's first 16 bytes: marker 0, three zero bytes, JSON length, buffer count, four zero bytes.
_BINARY_PREFIX = struct.Struct(">B3xII4x")
_BUFFER_LENGTH = struct.Struct(">Q")
_ALIGNMENT = 8
_ZEROS = bytes(_ALIGNMENT)
# Strings this long travel as a UTF-8 buffer: JSON's escaping and scanning cost more than they save.
_BUFFERED_STR_CHARS = 32 * 1024
# Frames up to this size are read and written whole, in one piece: for them a copy costs less than the gathering.
_SMALL_FRAME_BYTES = 64 * 1024
# The most parts one writev takes (Linux's IOV_MAX).
_MAX_PARTS = 1024

# What to_json sends instead of a value that JSON cannot carry.
Fallback = Callable[[object], object]


class BrokenStream(Exception):
    """The request stream cannot go on; the message names the offending length."""


class FrameReader:
    """Reads frames from a descriptor; a length is checked before its payload is read."""

    def __init__(self, fd: int, max_frame_bytes: int) -> None:
        self._stream = open(fd, "rb", buffering=65536, closefd=False)
        self._max = max_frame_bytes

    def read(self) -> bytes | bytearray | None:
        """The next payload, or None when the stream ended cleanly between two frames.

        A large one is read into one bytearray of the announced size, which the arrays of a binary
        payload then view in place; a small one is read as bytes, the quickest way."""
        header = self._stream.read(HEADER_BYTES)
        if not header:
            return None
        if len(header) < HEADER_BYTES:
            raise BrokenStream(f"the stream ended inside a frame header, after {len(header)} of {HEADER_BYTES} bytes")
        length = int.from_bytes(header, "big")
        if length > self._max:
            raise BrokenStream(f"a frame of length {length} exceeds the maximum frame size of {self._max} bytes")
        if length <= _SMALL_FRAME_BYTES:
            small = self._stream.read(length)
            if len(small) < length:
                raise BrokenStream(f"the stream ended inside a frame of length {length}, after {len(small)} bytes")
            return small
        payload = bytearray(length)
        view = memoryview(payload)
        got = 0
        while got < length:
            read = self._stream.readinto(view[got:])
            if not read:
                raise BrokenStream(f"the stream ended inside a frame of length {length}, after {got} bytes")
            got += read
        return payload


class FrameWriter:
    """Writes whole frames to a descriptor; the lock keeps frames from several threads apart."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._lock = threading.Lock()

    def write(self, payload: bytes | BinaryPayload) -> None:
        """Writes the header and the payload's parts as they lie, with no copy into one frame (but for small frames)."""
        if type(payload) is not BinaryPayload and len(payload) <= _SMALL_FRAME_BYTES:
            frame = memoryview(len(payload).to_bytes(HEADER_BYTES, "big") + payload)
            with self._lock:
                while frame:
                    frame = frame[os.write(self._fd, frame) :]
            return
        body = payload.parts if type(payload) is BinaryPayload else [payload]
        parts = [memoryview(len(payload).to_bytes(HEADER_BYTES, "big"))] + [memoryview(part) for part in body]
        first = 0
        with self._lock:
            while first < len(parts):
                written = os.writev(self._fd, parts[first : first + _MAX_PARTS])
                while first < len(parts) and written >= parts[first].nbytes:
                    written -= parts[first].nbytes
                    first += 1
                if written:
                    parts[first] = parts[first][written:]


class BinaryPayload:
    """A payload with binary buffers: the prefix, the JSON, then each buffer at a multiple of 8 bytes."""

    __slots__ = ("parts", "length")

    def __init__(self, text: bytes, buffers: list[memoryview]) -> None:
        prefix = _BINARY_PREFIX.pack(0, len(text), len(buffers)) + b"".join(_BUFFER_LENGTH.pack(b.nbytes) for b in buffers)
        self.parts: list[bytes | memoryview] = [prefix, text]
        position = len(prefix) + len(text)
        for buffer in buffers:
            pad = -position % _ALIGNMENT
            if pad:
                self.parts.append(_ZEROS[:pad])
            self.parts.append(buffer)
            position += pad + buffer.nbytes
        self.length = position

    def __len__(self) -> int:
        return self.length


def binary_parts(payload: bytearray | bytes) -> tuple[memoryview, list[memoryview]]:
    """A binary payload's JSON and buffers, as views of it; raises ValueError when its prefix does not describe it."""
    view = memoryview(payload)
    if len(view) < _BINARY_PREFIX.size:
        raise ValueError(f"a binary payload has a prefix of {_BINARY_PREFIX.size} bytes, this one has {len(view)} bytes")
    marker, text_length, count = _BINARY_PREFIX.unpack_from(view)
    position = _BINARY_PREFIX.size + _BUFFER_LENGTH.size * count
    if marker != 0 or bytes(view[1:4]) != b"\0\0\0" or bytes(view[12:16]) != b"\0\0\0\0" or position + text_length > len(view):
        raise ValueError(f"its prefix (JSON of {text_length} bytes, {count} buffers) does not fit its {len(view)} bytes")
    lengths = [_BUFFER_LENGTH.unpack_from(view, _BINARY_PREFIX.size + _BUFFER_LENGTH.size * i)[0] for i in range(count)]
    text = view[position : position + text_length]
    position += text_length
    buffers = []
    for index, length in enumerate(lengths):
        position += -position % _ALIGNMENT
        if position + length > len(view):
            raise ValueError(f"buffer {index} of {length} bytes runs past the payload's end")
        buffers.append(view[position : position + length])
        position += length
    if position != len(view):
        raise ValueError(f"its parts end at byte {position} of {len(view)}")
    return text, buffers


class Request:
    """A well-formed request envelope; `args` has its tagged values decoded, and `refs`
    lists the `ref` tags among them (only the commands that take refs accept any)."""

    __slots__ = ("id", "command", "args", "session", "refs")

    def __init__(self, request_id: int, command: str, args: dict[str, object], session: str | None) -> None:
        self.id = request_id
        self.command = command
        self.args = args
        self.session = session
        self.refs: list[Ref] = []


class Ref:
    """A `ref` tag in a request: the handle of an object that an earlier reply gave out.
    The command that accepts it looks the object up in its session's table."""

    __slots__ = ("id", "session")

    def __init__(self, ref_id: int, session: str) -> None:
        self.id = ref_id
        self.session = session


class Raw:
    """A value that `to_json` has already converted: it is sent as it is, not converted again."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


class RejectedRequest(Exception):
    """A frame that cannot be served: the error to answer and the id to answer it with."""

    def __init__(self, request_id: int | None, error: Exception) -> None:
        super().__init__(str(error))
        self.request_id = request_id
        self.error = error


def parse_request(payload: bytes | bytearray) -> Request:
    """Decodes one frame's payload into a request, or raises RejectedRequest."""
    buffers: list[memoryview] = []
    if payload and payload[0] == 0:
        # Writable, so that the arrays viewing it are too, however it was read.
        writable = payload if type(payload) is bytearray else bytearray(payload)
        try:
            json_part, buffers = binary_parts(writable)
        except ValueError as exc:
            raise RejectedRequest(None, ProtocolError(f"malformed binary payload: {exc}")) from None
    else:
        json_part = payload
    try:
        text = str(json_part, "utf-8")
    except UnicodeDecodeError as exc:
        raise RejectedRequest(None, ProtocolError(f"the payload is not UTF-8: {exc}")) from None
    # Most requests carry no tag: the object hook, which runs in Python for every object, is
    # needed only when the tag key may be there (written plainly, or hidden behind an escape).
    tagged = bool(buffers) or _TAG_BYTES in payload or b"\\u" in payload
    hook = functools.partial(_untag, buffers=buffers) if buffers else _untag
    try:
        request = _envelope(_loads(text, hook if tagged else None))
    except _BadTag:
        request = _reparse_naming_the_bad_tag(text, buffers)
    if tagged:
        _collect_refs(request.args, request.refs)
    return request


def _reparse_naming_the_bad_tag(text: str, buffers: list[memoryview]) -> Request:
    # Parsed again without the hook, so that the envelope is judged first and
    # the bad tag is reported with its path inside `args`; a bad tag elsewhere
    # sits in a field this version ignores.
    request = _envelope(_loads(text, None))
    try:
        args = _untag_tree(request.args, "args", buffers)
    except RecursionError:
        raise RejectedRequest(request.id, InvalidArguments("args are nested too deeply")) from None
    except InvalidArguments as exc:
        raise RejectedRequest(request.id, exc) from None
    if type(args) is not dict:  # args was itself a tagged value
        raise RejectedRequest(request.id, ProtocolError(f"args must be a JSON object, got {describe_value(args)}"))
    request.args = args
    return request


def _collect_refs(value: object, found: list[Ref]) -> None:
    if type(value) is Ref:
        found.append(value)
    elif type(value) is list:
        for item in value:
            _collect_refs(item, found)
    elif type(value) is dict:
        for item in value.values():
            _collect_refs(item, found)


def _loads(text: str, hook: Callable[[dict[str, object]], object] | None) -> object:
    if hook is None:
        decoder = _PLAIN_DECODER
    elif hook is _untag:
        decoder = _TAGGED_DECODER
    else:
        decoder = json.JSONDecoder(object_hook=hook, parse_constant=_reject_constant)
    try:
        # The scanner itself, straight: what a JVM sends has no whitespace around it, and decode() would look for
        # some with two regular expressions per call. Anything unusual goes the long way, for its error message.
        value, end = decoder.scan_once(text, 0)
        if end == len(text):
            return value
    except StopIteration:
        pass
    except (ValueError, RecursionError) as exc:
        raise RejectedRequest(None, ProtocolError(f"the payload is not valid JSON: {exc}")) from None
    try:
        return decoder.decode(text)
    except (ValueError, RecursionError) as exc:
        raise RejectedRequest(None, ProtocolError(f"the payload is not valid JSON: {exc}")) from None


def _envelope(message: object) -> Request:
    if not isinstance(message, dict):
        raise RejectedRequest(None, ProtocolError(f"the payload is {json_kind(message)}, not a JSON object"))
    request_id = message.get("id")
    if type(request_id) is not int or not 1 <= request_id <= _LONG_MAX:
        detail = "no id" if "id" not in message else f"id {describe_value(request_id)}"
        raise RejectedRequest(None, ProtocolError(f"the request has {detail}; an id is an integer from 1 to 2^63-1"))
    command = message.get("command")
    if type(command) is not str:
        got = "no command" if "command" not in message else f"command {describe_value(command)}"
        raise RejectedRequest(request_id, ProtocolError(f"the request has {got}; a command is a string"))
    session = message.get("session")
    if session is not None and type(session) is not str:
        raise RejectedRequest(request_id, ProtocolError(f"session must be a string or null, got {describe_value(session)}"))
    args = message.get("args", {})
    if type(args) is not dict:
        raise RejectedRequest(request_id, ProtocolError(f"args must be a JSON object, got {describe_value(args)}"))
    return Request(request_id, command, args, session)


class _BadTag(Exception):
    """A malformed tagged object met while decoding."""


def _reject_constant(name: str) -> object:
    raise ValueError(f"the bare literal {name} is not JSON; NaN and infinities travel as tagged floats")


def _untag(obj: dict[str, object], buffers: list[memoryview] | None = None) -> object:
    if TAG not in obj:
        return obj
    if len(obj) != 2 or "value" not in obj:
        raise _BadTag(f"a tagged object has exactly the keys {TAG!r} and 'value', not {sorted(obj)}")
    tag = obj[TAG]
    value = obj["value"]
    if tag == "int":
        return _decode_int(value)
    if tag == "float":
        if type(value) is not str or value not in _FLOAT_TEXTS:
            raise _BadTag(f"a float tag holds 'nan', 'inf' or '-inf', not {describe_value(value)}")
        return float(value)
    if tag == "bytes":
        return _decode_bytes(value, buffers or [])
    if tag == "str":
        return _decode_str(value, buffers or [])
    if tag == "array":
        try:
            return arrays.decode_array(value, buffers or [])
        except ValueError as exc:
            raise _BadTag(str(exc)) from None
    if tag == "dict":
        return _decode_pairs(value)
    if tag == "ref":
        return _decode_ref(value)
    name = repr(tag) if type(tag) is str else describe_value(tag)
    raise _BadTag(f"unknown tag {name}; the tags are 'array', 'bytes', 'dict', 'float', 'int', 'ref' and 'str'")


def _decode_int(value: object) -> int:
    if type(value) is str:
        digits = value[1:] if value.startswith("-") else value
        if digits.isascii() and digits.isdigit():
            try:
                return int(value)
            except ValueError as exc:  # more digits than sys.get_int_max_str_digits() allows
                raise _BadTag(f"an int tag's value cannot be converted: {exc}") from None
    raise _BadTag(f"an int tag holds a string of decimal digits, not {describe_value(value)}")


def _decode_bytes(value: object, buffers: list[memoryview]) -> bytes:
    if type(value) is dict and set(value) == {"buffer"}:
        try:
            return bytes(arrays.buffer_at(value["buffer"], buffers))
        except ValueError as exc:
            raise _BadTag(str(exc)) from None
    if type(value) is str:
        import base64

        try:
            decoded = base64.b64decode(value, validate=True)
        except ValueError:  # binascii.Error, or text that is not ASCII
            pass
        else:
            # Older Pythons accept extra padding; the canonical form is the one encoding.
            if base64.b64encode(decoded).decode("ascii") == value:
                return decoded
    raise _BadTag(f"a bytes tag holds a buffer reference or standard base64 with padding, not {describe_value(value)}")


def _decode_str(value: object, buffers: list[memoryview]) -> str:
    if type(value) is dict and set(value) == {"buffer"}:
        try:
            return str(arrays.buffer_at(value["buffer"], buffers), "utf-8")
        except (ValueError, UnicodeDecodeError) as exc:  # UnicodeDecodeError is a ValueError, named for the reader
            raise _BadTag(f"a str tag's buffer is not a string: {exc}") from None
    raise _BadTag(f"a str tag holds a buffer reference, not {describe_value(value)}")


def _decode_pairs(value: object) -> dict[str, object]:
    if type(value) is not list:
        raise _BadTag(f"a dict tag holds a list of [key, value] pairs, not {describe_value(value)}")
    decoded = {}
    for pair in value:
        if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not str:
            raise _BadTag(f"a dict tag's pairs are [string key, value] lists, not {describe_value(pair)}")
        decoded[pair[0]] = pair[1]
    return decoded


def _decode_ref(value: object) -> Ref:
    if type(value) is dict and set(value) <= {"id", "type", "session"}:
        ref_id = value.get("id")
        session = value.get("session")
        if type(ref_id) is int and ref_id >= 1 and type(session) is str and type(value.get("type", "")) is str:
            return Ref(ref_id, session)
    raise _BadTag(f"a ref tag holds an object with a positive integer 'id', a string 'session' and a string 'type', not {describe_value(value)}")


def _untag_tree(value: object, path: str, buffers: list[memoryview]) -> object:
    if type(value) is list:
        return [_untag_tree(item, f"{path}[{index}]", buffers) for index, item in enumerate(value)]
    if type(value) is dict:
        decoded = {key: _untag_tree(item, path + _key_step(key), buffers) for key, item in value.items()}
        try:
            return _untag(decoded, buffers)
        except _BadTag as exc:
            raise InvalidArguments(f"malformed tagged value at {path}: {exc}") from None
    return value


def encode_result(request_id: int, value: object, extra: dict[str, str] | None = None) -> bytes | BinaryPayload:
    """A success reply; `extra` (captured output) is put beside the value when given. A plain
    JSON payload, or a binary one when the value holds bytes or arrays.

    Raises UnsupportedValue, naming the type and path, when `value` cannot be sent.
    Unpaired surrogates travel as JSON escapes, so every Python str arrives in Java unchanged.
    """
    result = to_json(value)
    if extra is not None:
        result = {"value": result, **extra}
    reply = {"id": request_id, "success": True, "result": result}
    try:
        return _dumps(reply).encode("utf-8")
    except _HasBuffers:
        return _encode_binary(reply)
    except UnicodeEncodeError:
        return _encode_escaped(reply, _ASCII_ENCODER)


def _encode_escaped(reply: object, encoder: json.JSONEncoder) -> bytes:
    # An unpaired surrogate: UTF-8 cannot carry it, a JSON \u escape can, and Java strings hold it as Python's do.
    # Jackson takes such an escape in a string but not in a field name, so a map with such a key goes as pairs.
    return encoder.encode(_surrogate_keys_as_pairs(reply)).encode("ascii")


def _encode_binary(reply: object) -> BinaryPayload:
    buffers: list[memoryview] = []

    def index(value: object) -> int:
        if type(value) is not Buffer:
            raise TypeError(f"a value of type {qualified_name(type(value))} is not JSON")
        buffers.append(value.view)
        return len(buffers) - 1

    try:
        text = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"), check_circular=False, default=index).encode(reply).encode("utf-8")
    except UnicodeEncodeError:
        buffers.clear()
        escaping = json.JSONEncoder(ensure_ascii=True, allow_nan=False, separators=(",", ":"), check_circular=False, default=index)
        text = _encode_escaped(reply, escaping)
    return BinaryPayload(text, buffers)


class _HasBuffers(Exception):
    """The value holds binary buffers: it goes as a binary payload."""


def _no_buffers(value: object) -> object:
    if type(value) is Buffer:
        raise _HasBuffers()
    raise TypeError(f"a value of type {qualified_name(type(value))} is not JSON")


def buffer_text(value: object) -> str:
    """A JSON stand-in for a binary buffer that is equal exactly when the bytes are, for comparing values."""
    if type(value) is Buffer:
        # Imported here: hashlib loads OpenSSL, about 4 MB of every worker's memory for a comparison few workers make.
        import hashlib

        return "buffer:" + hashlib.sha256(value.view).hexdigest()
    raise TypeError(f"a value of type {qualified_name(type(value))} is not JSON")


def _surrogate_keys_as_pairs(value: object) -> object:
    """A JSON-ready value in which every object with a key UTF-8 cannot carry is a tagged dict of pairs."""
    if type(value) is list:
        return [_surrogate_keys_as_pairs(item) for item in value]
    if type(value) is not dict:
        return value
    converted = {key: _surrogate_keys_as_pairs(item) for key, item in value.items()}
    if all(_utf8_safe(key) for key in converted):
        return converted
    return _tag("dict", [[key, item] for key, item in converted.items()])


def _utf8_safe(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def encode_error(request_id: int | None, error: dict[str, object]) -> bytes:
    """An error reply; text that UTF-8 cannot carry is escaped rather than refused."""
    cleaned = {key: clean_text(item) if type(item) is str else item for key, item in error.items()}
    location = cleaned.get("location")
    if type(location) is dict:
        cleaned["location"] = {**location, "file": clean_text(location["file"])}
    return _dumps({"id": request_id, "success": False, "error": cleaned}).encode("utf-8")


def clean_text(text: str) -> str:
    """`text` with unpaired surrogates written as backslash escapes, as Python's stderr does."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _dumps(obj: object) -> str:
    return "".join(_ENCODE(obj, 0)) if _ENCODE is not None else _ENCODER.encode(obj)


class _Unsupported(Exception):
    """What cannot be sent; each container on the way out adds its step to the path."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what
        self.steps: list[str] = []


def to_json(value: object, fallback: Fallback | None = None) -> object:
    """`value` as plain JSON data, with the tags of PROTOCOL.md where JSON falls short.

    A part that JSON cannot carry (a set, an object, a dict with other keys than
    strings) raises UnsupportedValue, naming its type and path; with `fallback`,
    that part is replaced by what `fallback` returns for it instead (a `ref` tag).
    """
    try:
        return _convert(value, fallback)
    except _Unsupported as exc:
        path = "$" + "".join(reversed(exc.steps))
        raise UnsupportedValue(f"{exc.what} at {path} cannot be sent") from None
    except RecursionError:
        raise UnsupportedValue("the value is nested too deeply, or contains itself, and cannot be sent") from None


def _convert(value: object, fallback: Fallback | None) -> object:
    # Exact type checks first: they are the common case, and bool must not pass as int.
    if type(value) is str:
        return value if len(value) < _BUFFERED_STR_CHARS else _buffered_str(value)
    if value is None or type(value) is bool:
        return value
    if type(value) is int:
        return value if _LONG_MIN <= value <= _LONG_MAX else _convert_big_int(value, fallback)
    if type(value) is float:
        return value if math.isfinite(value) else _tag("float", _float_text(value))
    if type(value) is list or type(value) is tuple:
        return _convert_items(value, fallback)
    if type(value) is dict:
        return _convert_dict(value, fallback)
    return _convert_other(value, fallback)


def _convert_other(value: object, fallback: Fallback | None) -> object:
    if type(value) is Raw:
        return value.value
    # Subclasses (IntEnum, OrderedDict, namedtuple, ...) travel as their base type.
    if isinstance(value, (bytes, bytearray)):
        return _tag("bytes", {"buffer": Buffer(memoryview(value))})
    if isinstance(value, (memoryview, array.array)) or arrays.is_numpy(value):
        return _convert_array(value, fallback)
    if isinstance(value, int):
        return _convert(int.__int__(value), fallback)
    if isinstance(value, float):
        return _convert(float.__float__(value), fallback)
    if isinstance(value, str):
        return _convert(str.__str__(value), fallback)
    if isinstance(value, (list, tuple)):
        return _convert_items(value, fallback)
    if isinstance(value, dict):
        return _convert_dict(value, fallback)
    if fallback is not None:
        return fallback(value)
    raise _Unsupported(f"a value of type {qualified_name(type(value))}")


def _buffered_str(text: str) -> object:
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return text  # an unpaired surrogate: JSON's escapes carry it, UTF-8 cannot
    return _tag("str", {"buffer": Buffer(memoryview(data))})


def _convert_array(value: object, fallback: Fallback | None) -> object:
    try:
        if isinstance(value, memoryview):
            parts = arrays.from_memoryview(value)
            return _tag("bytes", {"buffer": Buffer(value.cast("B") if value.c_contiguous else memoryview(value.tobytes()))}) if parts is None else _tag("array", parts)
        if isinstance(value, array.array):
            return _tag("array", arrays.from_array_module(value))
        if type(value).__name__ == "ndarray":
            return _tag("array", arrays.from_numpy(value))
        return _convert(arrays.numpy_scalar(value), fallback)
    except arrays.Unsupported as exc:
        if fallback is not None:
            return fallback(value)
        raise _Unsupported(str(exc)) from None


def _convert_big_int(value: int, fallback: Fallback | None) -> object:
    try:
        return _tag("int", _int_text(value))
    except _Unsupported:
        if fallback is not None:
            return fallback(value)
        raise


def _convert_items(items: list[object] | tuple[object, ...], fallback: Fallback | None) -> list[object]:
    converted: list[object] = []
    try:
        for item in items:
            converted.append(_convert(item, fallback))
    except _Unsupported as exc:
        exc.steps.append(f"[{len(converted)}]")
        raise
    return converted


def _convert_dict(mapping: dict[object, object], fallback: Fallback | None) -> object:
    if fallback is not None and not all(isinstance(key, str) for key in mapping):
        return fallback(mapping)
    converted: dict[str, object] = {}
    for key, item in mapping.items():
        if type(key) is not str:
            if not isinstance(key, str):
                raise _Unsupported(f"a dict key of type {qualified_name(type(key))} ({_clip(repr(key))})")
            key = str.__str__(key)
        try:
            converted[key] = _convert(item, fallback)
        except _Unsupported as exc:
            exc.steps.append(_key_step(key))
            raise
    if TAG in converted:
        return _tag("dict", [[key, item] for key, item in converted.items()])
    return converted


def ref_tag(ref_id: int, type_name: str, session: str) -> dict[str, object]:
    """The `ref` tag for an object that a session keeps under `ref_id`."""
    return _tag("ref", {"id": ref_id, "type": type_name, "session": session})


def _tag(name: str, value: object) -> dict[str, object]:
    return {TAG: name, "value": value}


def _int_text(value: int) -> str:
    try:
        return str(value)
    except ValueError:  # over sys.get_int_max_str_digits()
        raise _Unsupported("an int with too many digits to write in decimal") from None


def _float_text(value: float) -> str:
    if value != value:
        return "nan"
    return "inf" if value > 0 else "-inf"


def _key_step(key: str) -> str:
    return f".{key}" if key.isidentifier() else f"[{_dumps(key)}]"


def json_kind(value: object) -> str:
    """How the JSON side names the kind of `value`, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return f"a {qualified_name(type(value))}"


def describe_value(value: object) -> str:
    """The kind of `value`, with the value itself when it is a short scalar, for messages."""
    kind = json_kind(value)
    if value is None or isinstance(value, (list, tuple, dict)):
        return kind
    return f"{kind} ({_clip(repr(value))})"


def _clip(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


# Built once: json.loads and json.dumps build a new decoder or encoder on every call that passes options.
_TAG_BYTES = TAG.encode("ascii")
_PLAIN_DECODER = json.JSONDecoder(parse_constant=_reject_constant)
_TAGGED_DECODER = json.JSONDecoder(object_hook=_untag, parse_constant=_reject_constant)
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_no_buffers)
_ASCII_ENCODER = json.JSONEncoder(ensure_ascii=True, allow_nan=False, separators=(",", ":"), default=_no_buffers)
# The C encoder that JSONEncoder.encode builds anew on every call, built once (where CPython has it). Without a
# circularity check: to_json has made the value a tree already, and a cycle fails there first.
_ENCODE = (
    json.encoder.c_make_encoder(None, _no_buffers, json.encoder.encode_basestring, None, ":", ",", False, False, False)
    if json.encoder.c_make_encoder is not None
    else None
)
