"""Binary payloads: bytes and arrays beside the JSON, with numpy and without it."""

from __future__ import annotations

import array
import json
import os
import struct
import threading
import unittest
from unittest import mock

from pybridge import arrays
from pybridge.errors import InvalidArguments, ProtocolError, UnsupportedValue
from pybridge.protocol import (
    TAG,
    BinaryPayload,
    FrameReader,
    FrameWriter,
    RejectedRequest,
    binary_parts,
    encode_result,
    parse_request,
    to_json,
)

from .support import WorkerProcess

try:
    import numpy
except ImportError:
    numpy = None

NEEDS_NUMPY = unittest.skipIf(numpy is None, "numpy does not import here: the numpy path is not tested")


def binary_request(args_json: str, *buffers: bytes) -> bytearray:
    """A binary request payload: `args_json` is the args object, referring to `buffers` by index."""
    text = ('{"id":1,"command":"echo","args":' + args_json + "}").encode("utf-8")
    payload = BinaryPayload(text, [memoryview(buffer) for buffer in buffers])
    return bytearray(b"".join(bytes(part) for part in payload.parts))


def array_tag(dtype: str, shape: list[int], buffer: int) -> str:
    return json.dumps({TAG: "array", "value": {"dtype": dtype, "shape": shape, "buffer": buffer}})


def wire_parts(value: object) -> tuple[object, list[bytes]]:
    """What `value` becomes on the wire: its JSON, with buffers as indexes, and the buffers' bytes."""
    payload = encode_result(1, value)
    assert isinstance(payload, BinaryPayload)
    text, buffers = binary_parts(b"".join(bytes(part) for part in payload.parts))
    return json.loads(bytes(text))["result"], [bytes(buffer) for buffer in buffers]


class LayoutTest(unittest.TestCase):
    def test_prefix_json_then_buffers_at_multiples_of_eight(self) -> None:
        payload = BinaryPayload(b'{"x":1}', [memoryview(b"abc"), memoryview(b"defgh")])
        data = b"".join(bytes(part) for part in payload.parts)
        self.assertEqual(len(payload), len(data))
        self.assertEqual(data[:16], struct.pack(">B3xII4x", 0, 7, 2))
        self.assertEqual(struct.unpack(">QQ", data[16:32]), (3, 5))
        self.assertEqual(data[32:39], b'{"x":1}')
        self.assertEqual(data[40:43], b"abc")
        self.assertEqual(data[48:53], b"defgh")
        text, buffers = binary_parts(data)
        self.assertEqual((bytes(text), [bytes(b) for b in buffers]), (b'{"x":1}', [b"abc", b"defgh"]))

    def test_a_prefix_that_does_not_describe_the_payload_is_refused(self) -> None:
        good = binary_request('{"b":{"__pybridge__":"bytes","value":{"buffer":0}}}', b"xyz")
        for broken in (good[:-1], good + b"\0", b"\0" * 8, bytearray(b"\0\1") + good[2:]):
            with self.subTest(broken=bytes(broken[:20])), self.assertRaises(RejectedRequest) as caught:
                parse_request(broken)
            self.assertIsInstance(caught.exception.error, ProtocolError)
            self.assertIsNone(caught.exception.request_id)

    def test_the_writer_sends_the_parts_and_the_reader_reads_them_back_whole(self) -> None:
        read_fd, write_fd = os.pipe()
        self.addCleanup(os.close, read_fd)
        big = bytes(range(256)) * 4096  # more than a pipe holds: the writer must go on after partial writes
        payload = BinaryPayload(b"{}", [memoryview(big), memoryview(b"z")])
        writer = threading.Thread(target=lambda: (FrameWriter(write_fd).write(payload), os.close(write_fd)))
        writer.start()
        read = FrameReader(read_fd, 4 << 20).read()
        writer.join()
        self.assertIsInstance(read, bytearray)
        _, buffers = binary_parts(read)
        self.assertEqual([bytes(b) for b in buffers], [big, b"z"])


class DecodeTest(unittest.TestCase):
    def test_bytes_arrive_as_bytes(self) -> None:
        request = parse_request(binary_request('{"b":{"__pybridge__":"bytes","value":{"buffer":0}}}', b"\0\xff"))
        self.assertEqual(request.args, {"b": b"\0\xff"})
        self.assertIs(type(request.args["b"]), bytes)

    @NEEDS_NUMPY
    def test_with_numpy_arrays_view_the_frame_without_a_copy(self) -> None:
        data = struct.pack("<6d", *range(6))
        payload = binary_request('{"m":' + array_tag("<f8", [2, 3], 0) + "}", data)
        matrix = parse_request(payload).args["m"]
        self.assertIsInstance(matrix, numpy.ndarray)
        self.assertEqual(matrix.shape, (2, 3))
        self.assertEqual(matrix.tolist(), [[0, 1, 2], [3, 4, 5]])
        self.assertTrue(numpy.shares_memory(matrix, numpy.frombuffer(payload, dtype=numpy.uint8)))

    def test_without_numpy_one_dimension_is_an_array_module_array_and_more_a_shaped_memoryview(self) -> None:
        with mock.patch.object(arrays, "numpy_module", return_value=None):
            flat = parse_request(binary_request('{"a":' + array_tag("<i4", [3], 0) + "}", struct.pack("<3i", 1, -2, 3))).args["a"]
            shaped = parse_request(binary_request('{"a":' + array_tag("<u2", [2, 2], 0) + "}", struct.pack("<4H", 1, 2, 3, 65535))).args["a"]
            flags = parse_request(binary_request('{"a":' + array_tag("|b1", [2], 0) + "}", b"\1\0")).args["a"]
        self.assertEqual(flat, array.array("i", [1, -2, 3]))
        self.assertEqual((type(shaped), shaped.shape, shaped.tolist()), (memoryview, (2, 2), [[1, 2], [3, 65535]]))
        self.assertEqual(flags.tolist(), [True, False])

    def test_malformed_array_tags_are_invalid_arguments_naming_the_path(self) -> None:
        cases = {
            array_tag("<c16", [1], 0): "unsupported dtype",
            array_tag("<f8", [3], 0): "needs 24 bytes",
            array_tag("<f8", [-1], 0): "integers >= 0",
            array_tag("<f8", [1], 5): "buffer 5 does not exist",
        }
        for tag, problem in cases.items():
            with self.subTest(tag=tag), self.assertRaises(RejectedRequest) as caught:
                parse_request(binary_request('{"xs":[' + tag + "]}", b"\0" * 8))
            self.assertIsInstance(caught.exception.error, InvalidArguments)
            self.assertIn("args.xs[0]", str(caught.exception.error))
            self.assertIn(problem, str(caught.exception.error))


class EncodeTest(unittest.TestCase):
    def test_bytes_go_as_buffers(self) -> None:
        result, buffers = wire_parts({"b": b"\0\1", "ba": bytearray(b"x")})
        self.assertEqual(result, {"b": {TAG: "bytes", "value": {"buffer": 0}}, "ba": {TAG: "bytes", "value": {"buffer": 1}}})
        self.assertEqual(buffers, [b"\0\1", b"x"])

    def test_a_result_without_buffers_stays_plain_json(self) -> None:
        self.assertEqual(encode_result(1, [1, "a"]), b'{"id":1,"success":true,"result":[1,"a"]}')

    def test_array_module_arrays_and_typed_memoryviews_go_as_arrays(self) -> None:
        result, buffers = wire_parts([array.array("d", [1.5]), memoryview(struct.pack("<4h", 1, 2, 3, 4)).cast("h", [2, 2])])
        self.assertEqual(result[0][TAG], "array")
        self.assertEqual((result[0]["value"]["dtype"], result[0]["value"]["shape"]), ("<f8", [1]))
        self.assertEqual((result[1]["value"]["dtype"], result[1]["value"]["shape"]), ("<i2", [2, 2]))
        self.assertEqual(buffers, [struct.pack("<d", 1.5), struct.pack("<4h", 1, 2, 3, 4)])

    def test_unsupported_array_types_name_the_type_and_path(self) -> None:
        with self.assertRaises(UnsupportedValue) as caught:
            to_json({"u": [array.array("u", "ab")]})
        self.assertIn("typecode 'u'", str(caught.exception))
        self.assertIn("$.u[0]", str(caught.exception))

    @NEEDS_NUMPY
    def test_numpy_arrays_of_every_supported_dtype(self) -> None:
        for dtype in arrays.FORMATS:
            with self.subTest(dtype=dtype):
                value = numpy.arange(6).astype(dtype).reshape(3, 2)
                result, buffers = wire_parts(value)
                self.assertEqual(result["value"]["dtype"], dtype)
                self.assertEqual(result["value"]["shape"], [3, 2])
                self.assertEqual(buffers, [value.tobytes()])

    @NEEDS_NUMPY
    def test_non_contiguous_big_endian_and_zero_dimensional_numpy_arrays(self) -> None:
        cases = {
            "strided": (numpy.arange(10.0)[::3], "<f8", [4], struct.pack("<4d", 0, 3, 6, 9)),
            "transposed": (numpy.arange(4, dtype="<i2").reshape(2, 2).T, "<i2", [2, 2], struct.pack("<4h", 0, 2, 1, 3)),
            "big-endian": (numpy.array([1, 2], dtype=">i8"), "<i8", [2], struct.pack("<2q", 1, 2)),
            "zero-dimensional": (numpy.array(True), "|b1", [], b"\1"),
        }
        for name, (value, dtype, shape, data) in cases.items():
            with self.subTest(name):
                result, buffers = wire_parts(value)
                self.assertEqual((result["value"]["dtype"], result["value"]["shape"], buffers), (dtype, shape, [data]))

    @NEEDS_NUMPY
    def test_numpy_scalars_become_python_scalars(self) -> None:
        self.assertEqual(to_json([numpy.int64(7), numpy.uint64(2**64 - 1), numpy.float32(0.5), numpy.bool_(True)]),
                         [7, {TAG: "int", "value": str(2**64 - 1)}, 0.5, True])
        self.assertIs(type(to_json(numpy.float32(0.5))), float)
        self.assertIs(to_json(numpy.bool_(False)), False)

    @NEEDS_NUMPY
    def test_unsupported_numpy_dtypes_name_the_dtype_and_path(self) -> None:
        for value, name in ((numpy.zeros(2, dtype=complex), "complex128"), (numpy.array([object()]), "object"),
                            (numpy.array(["2024-01-01"], dtype="datetime64[D]"), "datetime64"), (numpy.complex64(1), "complex64")):
            with self.subTest(name), self.assertRaises(UnsupportedValue) as caught:
                to_json({"r": [value]})
            self.assertIn(name, str(caught.exception))
            self.assertIn("$.r[0]", str(caught.exception))


class StringTest(unittest.TestCase):
    def test_long_strings_go_as_utf8_buffers_unless_utf8_cannot_carry_them(self) -> None:
        text = "é\"x" * 20000
        result, buffers = wire_parts([text])
        self.assertEqual(result, [{TAG: "str", "value": {"buffer": 0}}])
        self.assertEqual(buffers, [text.encode("utf-8")])
        self.assertEqual(to_json(text + "\ud800"), text + "\ud800")
        self.assertEqual(to_json("short"), "short")

    def test_str_tags_arrive_as_strings(self) -> None:
        request = parse_request(binary_request('{"s":{"__pybridge__":"str","value":{"buffer":0}}}', "é€".encode("utf-8")))
        self.assertEqual(request.args, {"s": "é€"})
        with self.assertRaises(RejectedRequest) as caught:
            parse_request(binary_request('{"s":{"__pybridge__":"str","value":{"buffer":0}}}', b"\xff"))
        self.assertIsInstance(caught.exception.error, InvalidArguments)


class WorkerTest(unittest.TestCase):
    def test_a_worker_echoes_arrays_and_bytes_in_binary_frames(self) -> None:
        worker = WorkerProcess.start(self)
        worker.send_payload(bytes(binary_request('{"value":[' + array_tag("<f8", [2], 0) + ',{"__pybridge__":"bytes","value":{"buffer":1}}]}',
                                                 struct.pack("<2d", 1.5, -2.0), b"raw")))
        reply = worker.read_frame()
        self.assertIs(reply["success"], True)
        self.assertEqual(reply["result"], [{TAG: "array", "value": {"dtype": "<f8", "shape": [2], "data": struct.pack("<2d", 1.5, -2.0)}},
                                           {TAG: "bytes", "value": "cmF3"}])

    def test_a_binary_result_over_the_frame_limit_is_result_too_large(self) -> None:
        worker = WorkerProcess.start(self, "--max-frame-bytes", "4096")
        error = worker.error("eval", {"code": "__import__('array').array('d', bytes(8192))"})
        self.assertEqual(error["type"], "ResultTooLarge")
        self.assertIn("4096 bytes", error["message"])
        self.assertIs(worker.result("ping")["pong"], True)


if __name__ == "__main__":
    unittest.main()
