"""Python function instance, started by src-main/functions/python-instance.ts as

    python3 -u python-runner.py '<config JSON>'

and kept warm. Line-delimited JSON over stdin (requests) and the ORIGINAL stdout (replies).
fd 1 is re-pointed at stderr right away, so nothing the user's code prints (print, os.write(1),
C extensions) can corrupt the protocol; print() output is captured per invocation instead.

  host -> runner  {"id": 1, "ev": <event>, "rid": "...", "dl": <deadline epoch ms>, "to": <timeout ms>, "ud": {...}}
  runner -> host  {"t": "debugger", "host": "127.0.0.1", "port": 40123}   debugpy listens (Debug switch)
                  {"t": "debugger", "error": "..."}         the Debug switch is on but debugpy could not start
                  {"t": "paused", "p": true|false}          a debugger holds (or released) the function
                  {"t": "ready"}                            the module is loaded (or failed to)
                  {"t": "log", "id": 1, "l": "line"}        streamed, so lines survive a kill
                  {"t": "res", "id": 1, "ok": true, "r": <result>, "dropped": 0}
                  {"t": "res", "id": 1, "ok": false, "k": "<kind>", "m": "...", "s": "...", "dropped": 0}
"""

import datetime
import importlib.util
import io
import json
import os
import re
import socket
import sys
import threading
import time
import traceback

CONFIG = json.loads(sys.argv[1])
LOG_CAP = CONFIG["logCapBytes"]
RESULT_CAP = CONFIG["resultCapBytes"]

# ---- protocol channel ------------------------------------------------------------------------

_proto = os.fdopen(os.dup(1), "wb")
os.dup2(2, 1)
# Reentrant: the debugger's pause report may come from a thread stopped while it was sending.
_proto_lock = threading.RLock()


def send(obj=None, raw=None):
    data = raw if raw is not None else json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    with _proto_lock:
        _proto.write(data.encode("utf-8", "surrogatepass") + b"\n")
        _proto.flush()


# ---- log capture -----------------------------------------------------------------------------


# A line ends at \n, \r\n or a lone \r (progress bars redraw with \r); a line longer than the log
# cap is cut there. Partial lines are kept as pieces and joined once, so output written without
# newlines costs time in proportion to its size, never to its size squared.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class Capture:
    """Captured output of one invocation; lines are streamed to the host as they complete."""

    def __init__(self, inv_id):
        self.id = inv_id
        self.bytes = 0
        self.dropped = 0
        self.partial = {"out": [], "err": []}
        self.partial_len = {"out": 0, "err": 0}
        self.after_cr = {"out": False, "err": False}
        self.open = True
        self.reads = set()

    def emit(self, text):
        send({"t": "log", "id": self.id, "l": text})

    def line(self, text):
        if not self.open:
            return
        size = len(text.encode("utf-8", "replace")) + 1
        if self.bytes + size > LOG_CAP:
            self.dropped += size
            return
        self.bytes += size
        self.emit(text)

    def text(self, stream, text):
        if not text:
            return
        if self.after_cr[stream] and text[0] == "\n":
            text = text[1:]  # the \n of a \r\n split across two writes
        self.after_cr[stream] = text.endswith("\r")
        pieces = _LINE_BREAK.split(text)
        for i, piece in enumerate(pieces):
            if i > 0:
                self.end_line(stream)
            self.add_piece(stream, piece)

    def add_piece(self, stream, piece):
        while piece:
            room = LOG_CAP - self.partial_len[stream]
            self.partial[stream].append(piece[:room])
            self.partial_len[stream] += min(len(piece), room)
            piece = piece[room:]
            if self.partial_len[stream] >= LOG_CAP:
                self.end_line(stream)

    def end_line(self, stream):
        text = "".join(self.partial[stream])
        self.partial[stream] = []
        self.partial_len[stream] = 0
        self.line(text)

    def flush_partial(self):
        for stream in ("out", "err"):
            if self.partial_len[stream]:
                self.end_line(stream)


class LoadCapture(Capture):
    """Output printed while the module loads; handed to the first invocation (it caused the load)."""

    def __init__(self):
        super().__init__(None)
        self.lines = []

    def emit(self, text):
        self.lines.append(text)


_current = None  # the Capture of the running invocation (one at a time per process)
_load_capture = LoadCapture()


class StreamProxy(io.TextIOBase):
    def __init__(self, stream):
        self._stream = stream

    def write(self, s):
        if not isinstance(s, str):
            s = str(s)
        target = _current or _load_capture
        if target is not None:
            target.text(self._stream, s)
        return len(s)

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True

    @property
    def encoding(self):
        return "utf-8"

    @property
    def buffer(self):
        # For code that writes bytes (sys.stdout.buffer.write); decoded into the same capture.
        proxy = self

        class _Bytes:
            def write(self, b):
                proxy.write(bytes(b).decode("utf-8", "replace"))
                return len(b)

            def flush(self):
                pass

        return _Bytes()


sys.stdout = StreamProxy("out")
sys.stderr = StreamProxy("err")

# ---- debugger (the function's Debug switch) -----------------------------------------------------
# debugpy listens on a free loopback port before the user's code loads, so breakpoints set by file
# and line bind as soon as a client attaches. The runner never waits for a client: requests run
# whether or not one is attached.
#
# Pause reporting: the host must stop the invocation's timeout while a breakpoint holds the handler,
# and debugpy serves a single client, so the host cannot watch as a second one. Every stop of a
# thread (breakpoint, step, pause button, exception) goes through pydevd's PyDB.do_wait_suspend on
# the stopped thread itself, which returns when the client lets the thread run; wrapping it reports
# the first thread to stop and the last to run on over the protocol channel.


# Time the debugger held the function (ms, monotonic clock), so getRemainingTimeInMilliSeconds()
# after a breakpoint is what it was before, as the host's timeout resumes with the time left.
_held = {"total": 0.0, "since": None}


def held_ms():
    since = _held["since"]
    return _held["total"] + ((time.monotonic() - since) * 1000 if since is not None else 0)


def report_pauses():
    import pydevd

    original = pydevd.PyDB.do_wait_suspend
    lock = threading.Lock()
    stopped = [0]

    def do_wait_suspend(self, *args, **kwargs):
        with lock:
            stopped[0] += 1
            if stopped[0] == 1:
                _held["since"] = time.monotonic()
                send({"t": "paused", "p": True})
        try:
            return original(self, *args, **kwargs)
        finally:
            with lock:
                stopped[0] -= 1
                if stopped[0] == 0:
                    _held["total"] += (time.monotonic() - _held["since"]) * 1000
                    _held["since"] = None
                    send({"t": "paused", "p": False})

    pydevd.PyDB.do_wait_suspend = do_wait_suspend


def listen(debugpy, preferred):
    """Listens on the port of the function's previous instance when given, so the user's attach
    configuration still fits after an edit. That instance's adapter may take a moment to let go of
    it: wait up to three seconds for the port to be free (a plain bind, cheaper than starting an adapter
    per try), then any free port."""
    if preferred:
        for _ in range(60):
            probe = socket.socket()
            try:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                probe.bind(("127.0.0.1", preferred))
                free = True
            except OSError:
                free = False
            finally:
                probe.close()
            if free:
                try:
                    return debugpy.listen(("127.0.0.1", preferred))
                except Exception:
                    break
            time.sleep(0.05)
    return debugpy.listen(("127.0.0.1", 0))


def start_debugger():
    # The runner's own frames are not the user's code: stepping out of the handler goes back to
    # the client instead of into the protocol loop.
    os.environ.setdefault("PYDEVD_FILTERS", json.dumps({"**/python-runner.py": True}))
    try:
        import debugpy
    except ImportError as e:
        return {"t": "debugger", "error": "debugpy is not installed for %s (%s): install it for that python (Debian's own "
                "/usr/bin/python3: apt-get install python3-debugpy; any other: %s -m pip install debugpy); "
                "the function runs without a debugger meanwhile" % (sys.executable, e, sys.executable)}
    # debugpy starts its adapter as a daemon that outlives fork groups; it must not inherit the
    # protocol pipes (the host would wait for them to close), so fds 0-2 point at /dev/null meanwhile.
    saved = [os.dup(fd) for fd in (0, 1, 2)]
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        host, port = listen(debugpy, CONFIG.get("debugPort") or 0)
    except Exception as e:
        return {"t": "debugger", "error": "debugpy could not start listening: %s: %s" % (type(e).__name__, e)}
    finally:
        for fd, copy in zip((0, 1, 2), saved):
            os.dup2(copy, fd)
            os.close(copy)
        os.close(null)
    try:
        report_pauses()
    except Exception as e:
        return {"t": "debugger", "host": host, "port": port,
                "warning": "pauses cannot be reported (%s: %s): the timeout keeps running at a breakpoint" % (type(e).__name__, e)}
    return {"t": "debugger", "host": host, "port": port}


# Before the memory limit: the debugger's threads and its adapter are not the function's memory.
if CONFIG.get("debug"):
    send(start_debugger())

# ---- memory limit ----------------------------------------------------------------------------

memory_warning = None


def apply_memory_limit(memory_mb):
    """RLIMIT_AS counts address space, not resident memory, so the allowance is added on top of
    what the interpreter already maps; allocations past it raise MemoryError."""
    try:
        import resource

        with open("/proc/self/status") as f:
            vm_kb = next(int(l.split()[1]) for l in f if l.startswith("VmSize:"))
        limit = vm_kb * 1024 + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        return None
    except Exception as e:  # macOS/Windows: no /proc or RLIMIT_AS is not enforced
        return "[runtime] memory limit of %d MB is not enforced on this platform (%s)" % (memory_mb, e)


memory_warning = apply_memory_limit(CONFIG["memoryMb"])

# ---- module loading --------------------------------------------------------------------------


def describe(exc):
    return "%s: %s" % (type(exc).__name__, exc), traceback.format_exc()


handler = None
load_failure = None
try:
    module_file = CONFIG["file"]
    sys.path.insert(0, os.path.dirname(module_file))
    spec = importlib.util.spec_from_file_location(CONFIG["moduleName"], module_file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[CONFIG["moduleName"]] = module
    spec.loader.exec_module(module)
    handler = getattr(module, CONFIG["exportName"], None)
    if not callable(handler):
        names = [n for n in dir(module) if not n.startswith("_")]
        load_failure = {
            "k": "load",
            "m": 'handler "%s" not found: the module defines no function "%s" (names: %s)'
            % (CONFIG["handler"], CONFIG["exportName"], ", ".join(names) or "none"),
        }
except SyntaxError as e:
    m, s = describe(e)
    load_failure = {"k": "syntax", "m": "failed to load the function module: " + m, "s": s}
except SystemExit as e:
    load_failure = {"k": "load", "m": "the function module called sys.exit(%r) while loading" % (e.code,)}
except BaseException as e:
    m, s = describe(e)
    load_failure = {"k": "load", "m": "failed to load the function module: " + m, "s": s}
_load_capture.flush_partial()

# ---- FunctionGraph context -------------------------------------------------------------------


class Logger:
    def __init__(self, capture, request_id):
        self._capture = capture
        self._rid = request_id

    def _log(self, level, msg, *args):
        text = str(msg) % args if args else str(msg)
        stamp = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        for ln in text.split("\n"):
            self._capture.line("%s %s %s %s" % (stamp, self._rid, level, ln))

    def info(self, msg, *args):
        self._log("INFO", msg, *args)

    def warn(self, msg, *args):
        self._log("WARN", msg, *args)

    warning = warn

    def error(self, msg, *args):
        self._log("ERROR", msg, *args)

    def debug(self, msg, *args):
        self._log("DEBUG", msg, *args)


class Context:
    def __init__(self, msg, capture):
        self._msg = msg
        self._user_data = msg.get("ud") or {}
        self._logger = Logger(capture, msg["rid"])
        self._held_at_start = held_ms()

    def getRequestID(self):
        return self._msg["rid"]

    def getRemainingTimeInMilliSeconds(self):
        held = held_ms() - self._held_at_start  # breakpoints do not use up the function's time
        return max(0, int(self._msg["dl"] + held - time.time() * 1000))

    def getUserData(self, key, default=None):
        return self._user_data.get(key, default)

    def getFunctionName(self):
        return CONFIG["functionName"]

    def getRunningTimeInSeconds(self):
        return -(-self._msg["to"] // 1000)

    def getMemorySize(self):
        return CONFIG["memoryMb"]

    def getLogger(self):
        return self._logger

    def getVersion(self):
        return "latest"

    def getPackage(self):
        return "default"

    # Credentials are never available locally; FunctionGraph returns empty values without an agency.
    def getAccessKey(self):
        return ""

    def getSecretKey(self):
        return ""

    def getSecurityAccessKey(self):
        return ""

    def getSecuritySecretKey(self):
        return ""

    def getSecurityToken(self):
        return ""

    def getToken(self):
        return ""

    def getProjectID(self):
        return ""


# ---- event read recording (the workbench's portable-event lint) -------------------------------
# Which event fields the handler reads, so the workbench can warn about reads APIG may not support
# (headers or queries that are not identity sources). Top-level fields by name, and inside these
# maps by key; "*" marks an enumeration (keys(), items(), iteration, json.dumps).

RECORDED_MAPS = ("headers", "queryStringParameters", "pathParameters", "requestContext")


class RecordingDict(dict):
    def __init__(self, data, prefix, reads):
        dict.__init__(self, data)
        self._prefix = prefix
        self._reads = reads

    def _note(self, key):
        if isinstance(key, str):
            self._reads.add(self._prefix + key)

    def __getitem__(self, key):
        self._note(key)
        return dict.__getitem__(self, key)

    def get(self, key, default=None):
        self._note(key)
        return dict.get(self, key, default)

    def __contains__(self, key):
        self._note(key)
        return dict.__contains__(self, key)

    def _all(self):
        self._reads.add(self._prefix + "*")

    def keys(self):
        self._all()
        return dict.keys(self)

    def items(self):
        self._all()
        return dict.items(self)

    def values(self):
        self._all()
        return dict.values(self)

    def __iter__(self):
        self._all()
        return dict.__iter__(self)

    def copy(self):
        self._all()
        return dict(self)


def recording_event(event, reads):
    if not isinstance(event, dict):
        return event
    top = dict(event)
    for name in RECORDED_MAPS:
        if isinstance(top.get(name), dict):
            top[name] = RecordingDict(top[name], name + ".", reads)
    return RecordingDict(top, "", reads)


# ---- invocation ------------------------------------------------------------------------------


def fail(cap, kind, message, stack=None):
    cap.flush_partial()
    cap.open = False
    reply = {"t": "res", "id": cap.id, "ok": False, "k": kind, "m": message, "dropped": cap.dropped}
    if cap.reads:
        reply["reads"] = sorted(cap.reads)
    if stack:
        reply["s"] = stack
    send(reply)


def succeed(cap, value):
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as e:
        fail(cap, "exception", "the handler's result cannot be serialised to JSON: %s: %s" % (type(e).__name__, e))
        return
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > RESULT_CAP:
        fail(cap, "result-too-large",
             "the function result is %d bytes; FunctionGraph allows at most %d bytes" % (size, RESULT_CAP))
        return
    cap.flush_partial()
    cap.open = False
    reads = ',"reads":%s' % json.dumps(sorted(cap.reads)) if cap.reads else ''
    send(raw='{"t":"res","id":%d,"ok":true,"dropped":%d%s,"r":%s}' % (cap.id, cap.dropped, reads, text))


def invoke(msg):
    global _current, _load_capture
    cap = Capture(msg["id"])
    if _load_capture is not None:
        if memory_warning:
            cap.line(memory_warning)
        for ln in _load_capture.lines:
            cap.line(ln)
        cap.dropped += _load_capture.dropped
        _load_capture = None
    if load_failure:
        fail(cap, load_failure["k"], load_failure["m"], load_failure.get("s"))
        return
    _current = cap
    try:
        result = handler(recording_event(msg["ev"], cap.reads), Context(msg, cap))
    except SystemExit as e:
        _current = None
        fail(cap, "exit", "the function called sys.exit(%r); the invocation ended without a result" % (e.code,))
        return
    except MemoryError:
        _current = None
        fail(cap, "memory", "MemoryError: the function exceeded its memory limit of %d MB" % CONFIG["memoryMb"],
             traceback.format_exc())
        return
    except BaseException as e:
        _current = None
        m, s = describe(e)
        fail(cap, "exception", m, s)
        return
    _current = None
    try:
        succeed(cap, result)
    except MemoryError:
        fail(cap, "memory", "MemoryError while serialising the result (limit %d MB)" % CONFIG["memoryMb"])


def main():
    # Loaded (or failed to load, which every invocation will then report): ready for work.
    send({"t": "ready"})
    stdin = sys.stdin.buffer
    while True:
        line = stdin.readline()
        if not line:
            return  # host closed stdin: shut down quietly
        try:
            msg = json.loads(line)
        except ValueError as e:
            sys.__stderr__.write("python-runner: bad request line: %s\n" % e)
            continue
        invoke(msg)


main()
