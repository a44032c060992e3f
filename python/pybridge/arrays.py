"""Bytes and numeric arrays as binary buffers beside a message's JSON (PROTOCOL.md, "Binary frames").

numpy is used when it imports: arrays then arrive as numpy arrays that view the received frame in
place. Without it they arrive as `array.array` (one dimension) or as a `memoryview` cast to their
shape, and the worker runs on the standard library alone.
"""

from __future__ import annotations

import array
import functools
import sys

# The wire's dtypes: little-endian numpy type strings, with the struct/array format of each.
FORMATS = {
    "<f8": "d",
    "<f4": "f",
    "<i8": "q",
    "<i4": "i",
    "<i2": "h",
    "|i1": "b",
    "<u8": "Q",
    "<u4": "I",
    "<u2": "H",
    "|u1": "B",
    "|b1": "?",
}
_ITEM_SIZES = {"d": 8, "f": 4, "q": 8, "i": 4, "h": 2, "b": 1, "Q": 8, "I": 4, "H": 2, "B": 1, "?": 1}
# A native format (of array.array or memoryview) to its wire dtype; 'l' and 'L' by their size here.
_DTYPES = {code: dtype for dtype, code in FORMATS.items()}
_DTYPES.update({"l": "<i8" if array.array("l").itemsize == 8 else "<i4", "L": "<u8" if array.array("L").itemsize == 8 else "<u4"})
_BIG_ENDIAN = sys.byteorder == "big"


class Buffer:
    """A binary buffer inside a JSON-ready value: the encoder replaces it by its index in the frame."""

    __slots__ = ("view",)

    def __init__(self, view: memoryview) -> None:
        self.view = view


class Unsupported(Exception):
    """An array the wire cannot carry; the message names its dtype."""


@functools.lru_cache(maxsize=None)
def numpy_module() -> object | None:
    """numpy, or None when it does not import (looked up once)."""
    try:
        import numpy
    except ImportError:
        return None
    return numpy


def decode_array(value: object, buffers: list[memoryview]) -> object:
    """The array that an `array` tag's value describes; raises ValueError when it is malformed."""
    if type(value) is not dict or set(value) != {"dtype", "shape", "buffer"}:
        raise ValueError("an array tag holds an object with exactly 'dtype', 'shape' and 'buffer'")
    dtype = value["dtype"]
    shape = value["shape"]
    if type(dtype) is not str or dtype not in FORMATS:
        raise ValueError(f"unsupported dtype {dtype!r}; the dtypes are {', '.join(FORMATS)}")
    if type(shape) is not list or not all(type(length) is int and length >= 0 for length in shape):
        raise ValueError("an array's shape is a list of lengths, integers >= 0")
    data = buffer_at(value["buffer"], buffers)
    code = FORMATS[dtype]
    count = 1
    for length in shape:
        count *= length
    if count * _ITEM_SIZES[code] != data.nbytes:
        raise ValueError(f"an array of shape {shape} and dtype {dtype} needs {count * _ITEM_SIZES[code]} bytes, its buffer has {data.nbytes}")
    numpy = numpy_module()
    if numpy is not None:
        return numpy.frombuffer(data, dtype=numpy.dtype(dtype)).reshape(shape)
    return _without_numpy(data, code, shape)


def buffer_at(index: object, buffers: list[memoryview]) -> memoryview:
    if type(index) is not int or not 0 <= index < len(buffers):
        raise ValueError(f"buffer {index!r} does not exist: the frame has {len(buffers)}")
    return buffers[index]


def _without_numpy(data: memoryview, code: str, shape: list[int]) -> object:
    if len(shape) == 1 and code != "?":  # array.array has no bool type: bools stay a memoryview
        items = array.array(code)
        items.frombytes(data)
        if _BIG_ENDIAN:
            items.byteswap()
        return items
    if _BIG_ENDIAN and _ITEM_SIZES[code] > 1:
        swapped = array.array(code)
        swapped.frombytes(data)
        swapped.byteswap()
        data = memoryview(swapped).cast("B")
    if 0 in shape:
        return data.cast(code)  # a memoryview cannot have a zero in its shape
    return data.cast(code, shape)


def from_array_module(items: array.array) -> dict[str, object]:
    """An `array.array` as the parts of an array tag."""
    dtype = _DTYPES.get(items.typecode)
    if dtype is None:
        raise Unsupported(f"an array.array of typecode {items.typecode!r}")
    if _BIG_ENDIAN and items.itemsize > 1:
        items = array.array(items.typecode, items)
        items.byteswap()
    return _parts(dtype, [len(items)], memoryview(items).cast("B"))


def from_memoryview(view: memoryview) -> dict[str, object] | None:
    """A typed or shaped memoryview as the parts of an array tag; None for plain bytes (1-D, bytes formats)."""
    if view.ndim == 1 and view.format in ("B", "b", "c"):
        return None
    code = view.format.lstrip("@=")
    dtype = _DTYPES.get(code)
    if dtype is None:
        raise Unsupported(f"a memoryview of format {view.format!r}")
    data = view.cast("B") if view.c_contiguous and view.ndim > 0 else memoryview(view.tobytes())
    if _BIG_ENDIAN and view.itemsize > 1:
        swapped = array.array(code, data.tobytes())
        swapped.byteswap()
        data = memoryview(swapped).cast("B")
    return _parts(dtype, list(view.shape), data)


def from_numpy(value: object) -> dict[str, object]:
    """A numpy array as the parts of an array tag: made C-contiguous and little-endian first where it is not."""
    numpy = numpy_module()
    assert numpy is not None
    dtype = value.dtype
    wire = dtype.str if dtype.itemsize > 1 else "|" + dtype.str[1:]
    if dtype.byteorder == ">" or (dtype.byteorder == "=" and _BIG_ENDIAN):
        wire = "<" + dtype.str[1:]
        value = value.astype(dtype.newbyteorder("<"))
    if wire not in FORMATS:
        raise Unsupported(f"a numpy array of dtype {dtype.name}")
    contiguous = numpy.ascontiguousarray(value)
    return _parts(wire, list(value.shape), memoryview(contiguous.reshape(-1)).cast("B"))


def is_numpy(value: object) -> bool:
    return type(value).__module__ == "numpy"


def numpy_scalar(value: object) -> object:
    """A numpy scalar as the Python scalar it stands for; raises Unsupported for other numpy types."""
    numpy = numpy_module()
    if numpy is not None:
        if isinstance(value, numpy.bool_):
            return bool(value)
        if isinstance(value, numpy.integer):
            return int(value)
        if isinstance(value, numpy.floating) and value.dtype.itemsize <= 8:
            return float(value)
    dtype = getattr(value, "dtype", None)
    raise Unsupported(f"a numpy value of dtype {dtype.name if dtype is not None else type(value).__name__}")


def _parts(dtype: str, shape: list[int], data: memoryview) -> dict[str, object]:
    return {"dtype": dtype, "shape": shape, "buffer": Buffer(data)}
