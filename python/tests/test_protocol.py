"""Framing and the value codec, in process."""

from __future__ import annotations

import collections
import decimal
import enum
import json
import os
import unittest

from pybridge.errors import InvalidArguments, ProtocolError, UnsupportedValue
from pybridge.protocol import (
    TAG,
    BrokenStream,
    FrameReader,
    FrameWriter,
    Raw,
    Ref,
    RejectedRequest,
    clean_text,
    encode_error,
    encode_result,
    parse_request,
    to_json,
)


def _pipe(test: unittest.TestCase) -> tuple[int, int]:
    read_fd, write_fd = os.pipe()
    test.addCleanup(os.close, read_fd)
    test.addCleanup(os.close, write_fd)
    return read_fd, write_fd


class FrameReaderTest(unittest.TestCase):
    def reader_over(self, data: bytes, max_frame_bytes: int = 1024) -> FrameReader:
        read_fd, write_fd = os.pipe()
        self.addCleanup(os.close, read_fd)
        os.write(write_fd, data)
        os.close(write_fd)
        return FrameReader(read_fd, max_frame_bytes)

    def test_reads_frames_then_none_at_the_end(self) -> None:
        reader = self.reader_over(b"\0\0\0\x02{}" + b"\0\0\0\0" + b"\0\0\0\x03abc")
        self.assertEqual(reader.read(), b"{}")
        self.assertEqual(reader.read(), b"")
        self.assertEqual(reader.read(), b"abc")
        self.assertIsNone(reader.read())

    def test_frame_of_exactly_the_maximum_is_read(self) -> None:
        reader = self.reader_over(b"\0\0\x04\0" + b"x" * 1024)
        self.assertEqual(reader.read(), b"x" * 1024)

    def test_oversize_frame_breaks_the_stream_naming_the_length(self) -> None:
        reader = self.reader_over(b"\0\0\x04\x01" + b"x" * 1025)
        with self.assertRaises(BrokenStream) as caught:
            reader.read()
        self.assertIn("1025", str(caught.exception))
        self.assertIn("1024", str(caught.exception))

    def test_huge_announced_length_is_refused_before_reading(self) -> None:
        reader = self.reader_over(b"\xff\xff\xff\xff")
        with self.assertRaises(BrokenStream) as caught:
            reader.read()
        self.assertIn(str(2**32 - 1), str(caught.exception))

    def test_truncated_payload_breaks_the_stream_naming_the_length(self) -> None:
        reader = self.reader_over(b"\0\0\0\x64" + b"x" * 10)
        with self.assertRaises(BrokenStream) as caught:
            reader.read()
        self.assertIn("100", str(caught.exception))
        self.assertIn("10 bytes", str(caught.exception))

    def test_truncated_header_breaks_the_stream(self) -> None:
        reader = self.reader_over(b"\0\0")
        with self.assertRaises(BrokenStream) as caught:
            reader.read()
        self.assertIn("header", str(caught.exception))


class FrameWriterTest(unittest.TestCase):
    def test_writes_length_then_payload(self) -> None:
        read_fd, write_fd = _pipe(self)
        FrameWriter(write_fd).write(b'{"a":1}')
        self.assertEqual(os.read(read_fd, 100), b'\0\0\0\x07{"a":1}')


def _request(payload: object) -> bytes:
    return json.dumps(payload).encode("utf-8")


class ParseRequestTest(unittest.TestCase):
    def rejected(self, payload: bytes) -> RejectedRequest:
        with self.assertRaises(RejectedRequest) as caught:
            parse_request(payload)
        return caught.exception

    def test_full_request(self) -> None:
        request = parse_request(_request({"id": 7, "command": "echo", "args": {"value": 1}, "session": "s", "later": True}))
        self.assertEqual((request.id, request.command, request.args, request.session), (7, "echo", {"value": 1}, "s"))

    def test_args_and_session_may_be_missing(self) -> None:
        request = parse_request(_request({"id": 1, "command": "ping"}))
        self.assertEqual((request.args, request.session), ({}, None))
        self.assertIsNone(parse_request(_request({"id": 1, "command": "ping", "session": None})).session)

    def test_payloads_without_a_usable_id_are_answered_with_id_null(self) -> None:
        payloads = [
            b"not json",
            b"",
            b"\xff\xfe",
            b"[1, 2]",
            b'"text"',
            b'{"id": 1, "command": "ping"} trailing',
            b'{"id": NaN, "command": "ping"}',
            b'{"id": 1, "command": "echo", "args": {"value": Infinity}}',
            _request({"command": "ping"}),
            _request({"id": None, "command": "ping"}),
            _request({"id": "1", "command": "ping"}),
            _request({"id": 1.0, "command": "ping"}),
            _request({"id": True, "command": "ping"}),
            _request({"id": 0, "command": "ping"}),
            _request({"id": -3, "command": "ping"}),
            _request({"id": 2**63, "command": "ping"}),
        ]
        for payload in payloads:
            with self.subTest(payload=payload):
                rejected = self.rejected(payload)
                self.assertIsNone(rejected.request_id)
                self.assertIsInstance(rejected.error, ProtocolError)

    def test_bad_envelope_fields_are_answered_with_the_id(self) -> None:
        payloads = [
            ({"id": 4}, "command"),
            ({"id": 4, "command": 5}, "command"),
            ({"id": 4, "command": "ping", "session": 5}, "session"),
            ({"id": 4, "command": "ping", "args": [1]}, "args"),
            ({"id": 4, "command": "ping", "args": None}, "args"),
        ]
        for payload, field in payloads:
            with self.subTest(payload=payload):
                rejected = self.rejected(_request(payload))
                self.assertEqual(rejected.request_id, 4)
                self.assertIsInstance(rejected.error, ProtocolError)
                self.assertIn(field, str(rejected.error))

    def test_tags_are_decoded(self) -> None:
        value = {
            "big": {TAG: "int", "value": "-123456789012345678901234567890"},
            "small": {TAG: "int", "value": "5"},
            "floats": [{TAG: "float", "value": "nan"}, {TAG: "float", "value": "inf"}, {TAG: "float", "value": "-inf"}],
            "bytes": {TAG: "bytes", "value": "AP8="},
            "dict": {TAG: "dict", "value": [[TAG, {TAG: "bytes", "value": ""}], ["b", [1]]]},
        }
        args = parse_request(_request({"id": 1, "command": "echo", "args": {"value": value}})).args
        decoded = args["value"]
        assert isinstance(decoded, dict)
        self.assertEqual(decoded["big"], -123456789012345678901234567890)
        self.assertEqual(decoded["small"], 5)
        nan, inf, minus_inf = decoded["floats"]
        self.assertNotEqual(nan, nan)
        self.assertEqual((inf, minus_inf), (float("inf"), float("-inf")))
        self.assertEqual(decoded["bytes"], b"\x00\xff")
        self.assertEqual(decoded["dict"], {TAG: b"", "b": [1]})

    def test_malformed_tags_are_invalid_arguments_with_their_path(self) -> None:
        bad_tags = [
            ({TAG: "set", "value": []}, "unknown tag 'set'"),
            ({TAG: 3, "value": []}, "unknown tag"),
            ({TAG: "int", "value": 5}, "int tag"),
            ({TAG: "int", "value": "1.5"}, "int tag"),
            ({TAG: "int", "value": " 1"}, "int tag"),
            ({TAG: "int", "value": "+1"}, "int tag"),
            ({TAG: "float", "value": "NaN"}, "float tag"),
            ({TAG: "float", "value": 1.0}, "float tag"),
            ({TAG: "bytes", "value": "AP8"}, "base64"),
            ({TAG: "bytes", "value": "A P8="}, "base64"),
            ({TAG: "bytes", "value": "AP8=="}, "base64"),
            ({TAG: "bytes", "value": "AP9="}, "base64"),
            ({TAG: "bytes", "value": "é"}, "base64"),
            ({TAG: "dict", "value": {"a": 1}}, "pairs"),
            ({TAG: "dict", "value": [["a"]]}, "pairs"),
            ({TAG: "dict", "value": [[1, 2]]}, "pairs"),
            ({TAG: "int"}, "exactly the keys"),
            ({TAG: "int", "value": "1", "extra": 2}, "exactly the keys"),
            ({TAG: "ref", "value": {"id": 0, "session": "s"}}, "ref tag"),
            ({TAG: "ref", "value": {"id": True, "session": "s"}}, "ref tag"),
            ({TAG: "ref", "value": {"id": 1}}, "ref tag"),
            ({TAG: "ref", "value": {"id": 1, "session": "s", "type": 3}}, "ref tag"),
            ({TAG: "ref", "value": {"id": 1, "session": "s", "extra": 3}}, "ref tag"),
            ({TAG: "ref", "value": [1, "s"]}, "ref tag"),
        ]
        for tag, message in bad_tags:
            with self.subTest(tag=tag):
                payload = _request({"id": 9, "command": "echo", "args": {"value": {"list": [0, tag]}}})
                rejected = self.rejected(payload)
                self.assertEqual(rejected.request_id, 9)
                self.assertIsInstance(rejected.error, InvalidArguments)
                self.assertIn(message, str(rejected.error))
                self.assertIn("args.value.list[1]", str(rejected.error))

    def test_ref_tags_become_refs_and_are_listed(self) -> None:
        ref = {TAG: "ref", "value": {"id": 7, "type": "__main__.Foo", "session": "s1"}}
        request = parse_request(_request({"id": 1, "command": "script.invoke", "args": {"self": ref, "args": [[ref]]}}))
        target = request.args["self"]
        assert isinstance(target, Ref)
        self.assertEqual((target.id, target.session), (7, "s1"))
        self.assertEqual(len(request.refs), 2)
        self.assertIs(request.args["args"][0][0], request.refs[1])
        self.assertEqual(parse_request(_request({"id": 2, "command": "echo", "args": {"value": 1}})).refs, [])

    def test_refs_are_listed_when_another_tag_is_malformed(self) -> None:
        # The slow path, which reports a bad tag with its path, must list refs too.
        ref = {TAG: "ref", "value": {"id": 1, "session": "s"}}
        request = parse_request(_request({"id": 1, "command": "c", "args": {"a": ref}, "ignored": {TAG: "nope", "value": 1}}))
        self.assertEqual(len(request.refs), 1)

    def test_a_bad_tag_does_not_hide_a_bad_envelope(self) -> None:
        rejected = self.rejected(_request({"id": 2, "command": 1, "args": {"value": {TAG: "nope", "value": 1}}}))
        self.assertEqual(rejected.request_id, 2)
        self.assertIsInstance(rejected.error, ProtocolError)
        rejected = self.rejected(b'{"id": 2, "command": "echo", "args": {"value": {"__pybridge__": "x", "value": 1}}} x')
        self.assertIsNone(rejected.request_id)
        self.assertIsInstance(rejected.error, ProtocolError)

    def test_a_bad_tag_in_an_ignored_field_is_ignored(self) -> None:
        request = parse_request(
            _request({"id": 3, "command": "echo", "args": {"value": {TAG: "int", "value": "7"}}, "later": {TAG: "x", "value": 0}})
        )
        self.assertEqual(request.args, {"value": 7})

    def test_args_that_are_a_tagged_value_are_a_protocol_error(self) -> None:
        for extra in ({}, {"later": {TAG: "bad", "value": 0}}):
            with self.subTest(extra=extra):
                rejected = self.rejected(_request({"id": 5, "command": "echo", "args": {TAG: "int", "value": "1"}, **extra}))
                self.assertEqual(rejected.request_id, 5)
                self.assertIsInstance(rejected.error, ProtocolError)

    def test_deep_nesting_is_a_protocol_error(self) -> None:
        rejected = self.rejected(b'{"id": 1, "command": "echo", "args": {"value": ' + b"[" * 100000 + b"]" * 100000 + b"}}")
        self.assertIsInstance(rejected.error, ProtocolError)


class ToJsonTest(unittest.TestCase):
    def test_plain_values_pass_unchanged(self) -> None:
        value = {"a": [None, True, False, 0, -(2**63), 2**63 - 1, 1.5, -0.0, "é\n\u2028😀"], "b": {}}
        self.assertEqual(to_json(value), value)

    def test_tags(self) -> None:
        self.assertEqual(to_json(2**63), {TAG: "int", "value": str(2**63)})
        self.assertEqual(to_json(-(2**63) - 1), {TAG: "int", "value": str(-(2**63) - 1)})
        self.assertEqual(to_json(float("nan")), {TAG: "float", "value": "nan"})
        self.assertEqual(to_json([float("inf"), float("-inf")]), [{TAG: "float", "value": "inf"}, {TAG: "float", "value": "-inf"}])
        for value, expected in ((b"\x00\xff", b"\x00\xff"), (bytearray(b"ab"), b"ab"), (memoryview(b"abcd")[::2], b"ac")):
            with self.subTest(value=value):
                converted = to_json(value)
                self.assertEqual(converted[TAG], "bytes")
                self.assertEqual(bytes(converted["value"]["buffer"].view), expected)
        self.assertEqual(to_json({TAG: 1, "x": [2**64]}), {TAG: "dict", "value": [[TAG, 1], ["x", [{TAG: "int", "value": str(2**64)}]]]})

    def test_tuples_and_subclasses_travel_as_their_base_type(self) -> None:
        Point = collections.namedtuple("Point", "x y")

        class Colour(enum.IntEnum):
            RED = 1

        class Name(str):
            pass

        value = (Point(1, 2), Colour.RED, Name("n"), collections.OrderedDict(k=(1,)))
        converted = to_json(value)
        self.assertEqual(converted, [[1, 2], 1, "n", {"k": [1]}])
        self.assertEqual(json.dumps(converted), '[[1, 2], 1, "n", {"k": [1]}]')

    def test_unsupported_values_name_type_and_path(self) -> None:
        cases = [
            ({"items": [1, 2, {3}]}, "a value of type set at $.items[2]"),
            ([decimal.Decimal(1)], "decimal.Decimal at $[0]"),
            ({"a b": {"c": object()}}, 'object at $["a b"].c'),
            ({1: "x"}, "a dict key of type int (1) at $ "),
            ({"m": {None: 1}}, "dict key of type NoneType"),
            (frozenset(), "frozenset at $"),
            (1j, "complex at $"),
        ]
        for value, message in cases:
            with self.subTest(value=value):
                with self.assertRaises(UnsupportedValue) as caught:
                    to_json(value)
                self.assertIn(message, str(caught.exception))

    def test_a_value_that_contains_itself_is_unsupported(self) -> None:
        loop: list[object] = []
        loop.append(loop)
        with self.assertRaises(UnsupportedValue):
            to_json(loop)


    def test_a_fallback_replaces_what_json_cannot_carry(self) -> None:
        seen: list[object] = []

        def fallback(value: object) -> object:
            seen.append(value)
            return {TAG: "ref", "value": len(seen)}

        marker = object()
        converted = to_json({"a": [1, marker], "b": {1: "x"}, "c": {"ok": {2}}}, fallback)
        self.assertEqual(
            converted,
            {"a": [1, {TAG: "ref", "value": 1}], "b": {TAG: "ref", "value": 2}, "c": {"ok": {TAG: "ref", "value": 3}}},
        )
        self.assertIs(seen[0], marker)
        self.assertEqual(seen[1:], [{1: "x"}, {2}])

    def test_raw_values_are_sent_as_they_are(self) -> None:
        tagged = {TAG: "int", "value": "1"}
        self.assertEqual(to_json({"x": Raw(tagged)}), {"x": tagged})
        self.assertEqual(json.loads(encode_result(1, [Raw(tagged)])), {"id": 1, "success": True, "result": [tagged]})


class EncodeTest(unittest.TestCase):
    def test_result_reply(self) -> None:
        payload = encode_result(3, {"k": "é"})
        self.assertEqual(payload, '{"id":3,"success":true,"result":{"k":"é"}}'.encode("utf-8"))

    def test_result_with_captured_output(self) -> None:
        payload = encode_result(3, [1], {"stdout": "o", "stderr": "e"})
        self.assertEqual(json.loads(payload)["result"], {"value": [1], "stdout": "o", "stderr": "e"})

    def test_unpaired_surrogates_in_a_result_travel_as_json_escapes(self) -> None:
        value = {"ok": "fine é", "names": ["a", "b\udcff"]}
        payload = encode_result(3, value)
        self.assertIn(b"\\udcff", payload)
        self.assertEqual(json.loads(payload)["result"], value)

    def test_a_map_with_an_unpaired_surrogate_in_a_key_travels_as_pairs(self) -> None:
        # Jackson takes such an escape in a string, but refuses it in a field name.
        payload = encode_result(3, {"outer": {"in\ud800key": 1, "plain": 2}, "fine": {"a": 1}})
        self.assertEqual(
            json.loads(payload)["result"],
            {"outer": {"__pybridge__": "dict", "value": [["in\ud800key", 1], ["plain", 2]]}, "fine": {"a": 1}},
        )

    def test_error_reply_escapes_what_utf8_cannot_carry(self) -> None:
        error = {"type": "ValueError", "message": "bad \udcff", "traceback": None, "location": {"file": "f\udcff", "line": 1, "column": None}}
        reply = json.loads(encode_error(None, error))
        self.assertEqual(reply["id"], None)
        self.assertEqual(reply["error"]["message"], "bad \\udcff")
        self.assertEqual(reply["error"]["location"]["file"], "f\\udcff")

    def test_clean_text_keeps_valid_text(self) -> None:
        text = "plain é 😀"
        self.assertIs(clean_text(text), text)


if __name__ == "__main__":
    unittest.main()
