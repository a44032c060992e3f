"""Command-line options, in process."""

from __future__ import annotations

import unittest

from pybridge.__main__ import UsageError, parse_options


class ParseOptionsTest(unittest.TestCase):
    def test_defaults(self) -> None:
        options = parse_options([])
        self.assertEqual(
            (options.worker_id, options.run_id, options.parent_pid, options.max_frame_bytes, options.threads),
            ("worker", None, None, 64 * 1024 * 1024, 1),
        )

    def test_all_options_in_both_spellings(self) -> None:
        options = parse_options(
            ["--worker-id", "w-1", "--run-id=r-9", "--parent-pid", "12", "--max-frame-bytes=4096", "--threads", "4"]
        )
        self.assertEqual(
            (options.worker_id, options.run_id, options.parent_pid, options.max_frame_bytes, options.threads),
            ("w-1", "r-9", 12, 4096, 4),
        )

    def test_run_host_names_the_machine_of_a_remote_workers_jvm(self) -> None:
        self.assertEqual(parse_options(["--run-host", "build-7"]).run_host, "build-7")
        self.assertIsNone(parse_options([]).run_host)
        with self.assertRaisesRegex(UsageError, "--run-host"):
            parse_options(["--run-host", ""])

    def test_extensions_may_be_given_again_and_again_in_order(self) -> None:
        options = parse_options(["--extension", "a.b", "--extension=c", "--threads", "2"])
        self.assertEqual(options.extensions, ["a.b", "c"])
        self.assertEqual(parse_options([]).extensions, [])

    def test_bad_command_lines_name_the_option(self) -> None:
        cases = [
            (["--bogus", "1"], "--bogus"),
            (["stray"], "stray"),
            (["--threads"], "--threads"),
            (["--threads", "0"], "--threads"),
            (["--threads", "two"], "--threads"),
            (["--threads", "+2"], "--threads"),
            (["--threads", "٣"], "--threads"),
            (["--parent-pid", "-5"], "--parent-pid"),
            (["--max-frame-bytes", "1023"], "--max-frame-bytes"),
            (["--max-frame-bytes", str(2**32)], "--max-frame-bytes"),
            (["--worker-id", ""], "--worker-id"),
            (["--worker-id", "bad\udcff"], "--worker-id"),
            (["--threads", "2", "--threads=3"], "--threads"),
            (["--extension", "not a module"], "--extension"),
            (["--extension", "a..b"], "--extension"),
            (["--extension"], "--extension"),
        ]
        for argv, name in cases:
            with self.subTest(argv=argv):
                with self.assertRaises(UsageError) as caught:
                    parse_options(argv)
                self.assertIn(name, str(caught.exception))


if __name__ == "__main__":
    unittest.main()
