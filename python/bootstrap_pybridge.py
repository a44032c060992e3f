# The second stage of a remote worker's start (PROTOCOL.md, "Remote start-up").
#
# A host that has only a Python interpreter runs `python3 -c '<stage one>' [worker options]`. Stage one
# reads this file from stdin (a 4-byte big-endian length, then the text) and runs it. This file then
# reads the worker package from the same stdin: a 4-byte big-endian length, the SHA-256 of the
# package, then the package as a zip file. It checks the digest, imports the package from memory
# (nothing is installed or written to disk, so a read-only container serves as well), and starts the
# worker, which serves the framed protocol on the same stdin and stdout. It must parse on any Python 3,
# so that an old one says so.
import os
import sys

MINIMUM_VERSION = (3, 9)
EXIT_TOO_OLD = 6
EXIT_BAD_BUNDLE = 7
# Larger than any worker package; a length beyond it means the stream is not a bundle.
MAX_BUNDLE_BYTES = 64 << 20


def _fail(code, message):
    sys.stderr.write("pybridge: " + message + "\n")
    sys.stderr.flush()
    os._exit(code)


def _read_exactly(count):
    # os.read on fd 0, never sys.stdin: a buffered reader would swallow the first request frames.
    chunks = []
    left = count
    while left:
        chunk = os.read(0, min(left, 1 << 20))
        if not chunk:
            _fail(EXIT_BAD_BUNDLE, "the worker package ended after %d of %d bytes" % (count - left, count))
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _read_bundle():
    import hashlib

    length = int.from_bytes(_read_exactly(4), "big")
    if length > MAX_BUNDLE_BYTES:
        _fail(EXIT_BAD_BUNDLE, "the worker package claims %d bytes, more than %d: the stream is not a bundle" % (length, MAX_BUNDLE_BYTES))
    digest = _read_exactly(32)
    data = _read_exactly(length)
    if hashlib.sha256(data).digest() != digest:
        _fail(EXIT_BAD_BUNDLE, "the worker package does not match its SHA-256: it was damaged on the way")
    return data, digest.hex()


class _BundleImporter:
    """Finds and loads the bundle's modules from memory; the standard import system does the rest."""

    def __init__(self, files, root):
        self._files = files
        self._root = root

    def find_spec(self, fullname, path=None, target=None):
        import importlib.util

        base = fullname.replace(".", "/")
        for name, package in ((base + "/__init__.py", True), (base + ".py", False)):
            if name in self._files:
                spec = importlib.util.spec_from_loader(fullname, self, origin=self._root + "/" + name, is_package=package)
                spec.has_location = True
                if package:
                    spec.submodule_search_locations = [self._root + "/" + base]
                return spec
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        name = module.__spec__.origin[len(self._root) + 1:]
        code = compile(self._files[name], module.__spec__.origin, "exec", dont_inherit=True)
        exec(code, module.__dict__)

    def get_source(self, fullname):
        base = fullname.replace(".", "/")
        for name in (base + "/__init__.py", base + ".py"):
            if name in self._files:
                return self._files[name].decode("utf-8")
        return None


def main():
    if tuple(sys.version_info[:2]) < MINIMUM_VERSION:
        version = "%d.%d.%d" % tuple(sys.version_info[:3])
        _fail(EXIT_TOO_OLD, "Python %s is too old: PyBridge needs Python %d.%d or newer" % ((version,) + MINIMUM_VERSION))
    import io
    import zipfile

    data, digest = _read_bundle()
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        files = {name: bundle.read(name) for name in bundle.namelist() if name.endswith(".py")}
    # A root that names the bundle, for tracebacks; no such folder exists, so nothing is read from or written to it.
    sys.meta_path.insert(0, _BundleImporter(files, "/<pybridge-bundle-" + digest[:16] + ">"))
    from pybridge.__main__ import start

    start(sys.argv[1:])


main()
