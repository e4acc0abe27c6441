'use strict';
/*
 * Node.js function instance: runs inside a worker_threads Worker started by
 * src-main/functions/node-instance.ts. Plain CommonJS on purpose, so the same file works
 * under vitest, tsx and an electron-vite build without any compile step.
 *
 * Protocol (parentPort messages, all small plain objects). Either side may send an array of
 * messages as one: the host batches what it sends in one event-loop turn, this runner batches
 * 'res' answers produced in one turn (flushed before that turn ends, and before anything that may
 * end or block the thread: 'exit', 'crash', 'memory', starting the next invocation). 'log' goes at
 * once, so the lines of a function that then blocks the thread still reach the host.
 *   host -> worker  { t: 'inv', id, ev, rid, dl, to, ud }   ev = event JSON text, dl = deadline (epoch ms)
 *                   { t: 'cancel', id }            the host gave up on this invocation (timeout)
 *   worker -> host  { t: 'log', id, l }            one captured line, streamed so it survives a kill
 *                   { t: 'res', id, ok: true, r }  r = JSON text of the result, absent for undefined
 *                   { t: 'res', id, ok: false, k, m, s }   typed failure
 *                   { t: 'exit', id, code }        process.exit() was called (the worker then ends)
 *                   { t: 'crash', id, k, m, s }    uncaught exception / unhandled rejection
 *                   { t: 'child', pid } / { t: 'child-exit', pid }   a process the function started
 *                                                  (its own process group), ended with the instance
 *                   { t: 'memory', m }             heap + off-heap memory passed the function's size;
 *                                                  the host ends the instance (FunctionGraph's OOM)
 *                   { t: 'inspector', url }        the inspector is open (the function's Debug switch)
 *                   { t: 'ready' }                 the module is loaded (or failed to; see 'res')
 */

const { parentPort, workerData } = require('node:worker_threads');
const { AsyncLocalStorage } = require('node:async_hooks');
const { createRequire } = require('node:module');
const path = require('node:path');
const util = require('node:util');
const vm = require('node:vm');
const { Console } = require('node:console');
const { Writable } = require('node:stream');
const v8 = require('node:v8');

const cfg = workerData;

// ---- answers, batched per turn ---------------------------------------------------------------
// Each postMessage costs a structured clone and a wake-up of the host's thread; the answers of
// invocations that end in the same turn (a batch of synchronous handlers) go as one message.
let outbox = [];
function flushAnswers() {
  if (outbox.length === 0) return;
  const batch = outbox;
  outbox = [];
  parentPort.postMessage(batch.length === 1 ? batch[0] : batch);
}
function answer(msg) {
  // A microtask, not setImmediate: the answer leaves before this turn ends, so a later timer or
  // message whose handler blocks the thread cannot hold back an invocation that already finished.
  if (outbox.push(msg) === 1) queueMicrotask(flushAnswers);
}
/** Posts at once, after the answers already waiting (so the host sees them in order). */
function postNow(msg) {
  flushAnswers();
  parentPort.postMessage(msg);
}
// The function's Debug switch: this worker's own inspector on a free loopback port, opened before
// the user's code loads so a debugger can set breakpoints in it by URL.
if (cfg.inspect) {
  const inspector = require('node:inspector');
  inspector.open(0, '127.0.0.1', false);
  parentPort.postMessage({ t: 'inspector', url: inspector.url() });
}
const LOG_CAP = cfg.logCapBytes;
const RESULT_CAP = cfg.resultCapBytes;
const als = new AsyncLocalStorage();
/** Invocations the host still waits for; a cancelled one stops streaming logs. */
const live = new Set();
/** Output produced while loading the module belongs to the first invocation (it caused the load). */
let loadLogs = [];

// ---- log capture ---------------------------------------------------------------------------

function newCapture(id) {
  return { id, bytes: 0, dropped: 0, partial: newPartial(), reads: new Set() };
}

// ---- event read recording (the workbench's portable-event lint) ------------------------------
// Which event fields the handler reads, so the workbench can warn about reads APIG may not
// support (headers or queries that are not identity sources). Top-level fields by name, and inside
// these maps by key; `*` marks an enumeration (Object.keys, for…in, JSON.stringify, spread).
const EVENT_FIELDS = ['body', 'requestContext', 'queryStringParameters', 'httpMethod', 'pathParameters', 'headers', 'path', 'isBase64Encoded', 'user_data'];
const RECORDED_MAPS = ['headers', 'queryStringParameters', 'pathParameters', 'requestContext'];

function recordingMap(target, prefix, reads) {
  if (target === null || typeof target !== 'object') return target;
  return new Proxy(target, {
    get(t, key, receiver) {
      if (typeof key === 'string' && key !== 'toJSON') reads.add(`${prefix}.${key}`);
      return Reflect.get(t, key, receiver);
    },
    has(t, key) {
      if (typeof key === 'string') reads.add(`${prefix}.${key}`);
      return Reflect.has(t, key);
    },
    ownKeys(t) {
      reads.add(`${prefix}.*`);
      return Reflect.ownKeys(t);
    },
  });
}

function recordingEvent(event, reads) {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return event;
  const maps = {};
  for (const name of RECORDED_MAPS) if (event[name] && typeof event[name] === 'object') maps[name] = recordingMap(event[name], name, reads);
  return new Proxy(event, {
    get(t, key, receiver) {
      if (typeof key !== 'string') return Reflect.get(t, key, receiver);
      if (EVENT_FIELDS.includes(key) || Object.prototype.hasOwnProperty.call(t, key)) reads.add(key);
      return Object.prototype.hasOwnProperty.call(maps, key) ? maps[key] : Reflect.get(t, key, receiver);
    },
    has(t, key) {
      if (typeof key === 'string') reads.add(key);
      return Reflect.has(t, key);
    },
    ownKeys(t) {
      reads.add('*');
      return Reflect.ownKeys(t);
    },
  });
}

function emitLine(cap, line) {
  if (!cap) {
    if (loadLogs) loadLogs.push(line);
    return;
  }
  if (!live.has(cap.id)) return;
  const size = Buffer.byteLength(line) + 1;
  if (cap.bytes + size > LOG_CAP) {
    cap.dropped += size;
    return;
  }
  cap.bytes += size;
  parentPort.postMessage({ t: 'log', id: cap.id, l: line });
}

// A partial line is kept as pieces and joined once it ends, and cut at the log cap, so output
// written without newlines (process.stdout.write in a loop) costs time in proportion to its size.
function captureText(stream, text) {
  const cap = als.getStore();
  const holder = cap ? cap.partial : loadPartial;
  const parts = text.split('\n');
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) endLine(cap, holder, stream);
    let rest = parts[i];
    while (rest.length > 0) {
      const room = LOG_CAP - holder[stream].length;
      holder[stream].pieces.push(rest.slice(0, room));
      holder[stream].length += Math.min(rest.length, room);
      rest = rest.slice(room);
      if (holder[stream].length >= LOG_CAP) endLine(cap, holder, stream);
    }
  }
}

function newPartial() {
  return { out: { pieces: [], length: 0 }, err: { pieces: [], length: 0 } };
}
const loadPartial = newPartial();

function endLine(cap, holder, stream) {
  const line = holder[stream].pieces.join('');
  holder[stream] = { pieces: [], length: 0 };
  emitLine(cap, line);
}

function flushPartial(cap) {
  for (const stream of ['out', 'err']) {
    if (cap.partial[stream].length > 0) endLine(cap, cap.partial, stream);
  }
}

function asText(chunk, encoding) {
  if (typeof chunk === 'string') return chunk;
  return Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8');
}

// Everything the user's code writes goes to the invocation it belongs to (found through
// AsyncLocalStorage, which follows timers and promises), never to the host's terminal.
// The sinks call back synchronously, so console.log reaches captureText in the caller's context.
function sink(stream) {
  return new Writable({
    decodeStrings: false,
    write(chunk, encoding, callback) {
      captureText(stream, asText(chunk, encoding));
      callback();
    },
  });
}
globalThis.console = new Console({ stdout: sink('out'), stderr: sink('err') });
function directWrite(stream) {
  return (chunk, encoding, callback) => {
    captureText(stream, asText(chunk, encoding));
    const cb = typeof encoding === 'function' ? encoding : callback;
    if (typeof cb === 'function') process.nextTick(cb);
    return true;
  };
}
process.stdout.write = directWrite('out');
process.stderr.write = directWrite('err');

// ---- processes the function starts -----------------------------------------------------------
// A worker shares the core's process, so the processes a function starts would outlive its
// instance. Every asynchronous way to start one (spawn, exec, execFile, fork) goes through
// ChildProcess.prototype.spawn: each child is put in its own process group and reported, and the
// host kills those groups when the instance ends (a timeout included), as FunctionGraph ends an
// instance's processes. This realm's module only: the core's own child_process is untouched.
{
  const { ChildProcess } = require('node:child_process');
  const realSpawn = ChildProcess.prototype.spawn;
  const isWindows = process.platform === 'win32';
  ChildProcess.prototype.spawn = function spawnInOwnGroup(options) {
    if (!isWindows && options && typeof options === 'object') options.detached = true;
    const result = realSpawn.call(this, options);
    const pid = this.pid;
    if (pid !== undefined) {
      parentPort.postMessage({ t: 'child', pid });
      this.once('exit', () => parentPort.postMessage({ t: 'child-exit', pid }));
    }
    return result;
  };
}

// ---- FunctionGraph context -----------------------------------------------------------------

function makeLogger(cap, requestId) {
  const line = (level) => (...args) => {
    emitLine(cap, `${new Date().toISOString()} ${requestId} ${level} ${util.format(...args)}`);
  };
  return { info: line('INFO'), warn: line('WARN'), error: line('ERROR'), debug: line('DEBUG') };
}

/**
 * Milliseconds a debugger has held this instance so far, the current pause included. The host
 * keeps the count in memory shared with this worker (node-instance.ts, `pauseClock`): it sees
 * pauses through the inspector while this thread stands still.
 */
function pausedMs() {
  const clock = cfg.pauseClock;
  const since = Number(Atomics.load(clock, 1));
  return Number(Atomics.load(clock, 0)) + (since > 0 ? Math.max(0, Date.now() - since) : 0);
}

function makeContext(msg, cap) {
  const userData = msg.ud || {};
  const logger = makeLogger(cap, msg.rid);
  // Time at a breakpoint does not count against the function, as it does not for the host's timeout.
  const pausedAtStart = pausedMs();
  return {
    getRequestID: () => msg.rid,
    getRemainingTimeInMilliSeconds: () => Math.max(0, msg.dl - Date.now() + (pausedMs() - pausedAtStart)),
    getUserData: (key) => (Object.prototype.hasOwnProperty.call(userData, key) ? userData[key] : undefined),
    getFunctionName: () => cfg.functionName,
    getRunningTimeInSeconds: () => Math.ceil(msg.to / 1000),
    getMemorySize: () => cfg.memoryMb,
    getLogger: () => logger,
    getVersion: () => 'latest',
    getPackage: () => 'default',
    // Credentials are never available locally; FunctionGraph returns empty strings without an agency.
    getAccessKey: () => '',
    getSecretKey: () => '',
    getSecurityAccessKey: () => '',
    getSecuritySecretKey: () => '',
    getSecurityToken: () => '',
    getToken: () => '',
    getProjectID: () => '',
  };
}

// ---- module loading ------------------------------------------------------------------------

function describeError(err) {
  if (err instanceof Error) return { m: `${err.name}: ${err.message}`, s: err.stack };
  return { m: `non-Error value thrown: ${safeInspect(err)}` };
}

function safeInspect(v) {
  try {
    return util.inspect(v, { depth: 2, breakLength: Infinity });
  } catch {
    return String(v);
  }
}

function loadUserModule() {
  if (cfg.source.kind === 'file') {
    // require() so relative requires and __dirname behave as in FunctionGraph.
    return require(cfg.source.file);
  }
  // Inline code: compiled as CommonJS under a readable virtual name (shows in stack traces).
  const displayName = `${cfg.functionName}/${cfg.moduleName}.js`;
  const realName = path.join(process.cwd(), cfg.functionName, `${cfg.moduleName}.js`);
  const mod = { exports: {}, filename: realName, id: displayName, loaded: false };
  const req = createRequire(realName);
  const fn = vm.compileFunction(cfg.source.code, ['exports', 'require', 'module', '__filename', '__dirname'], {
    filename: displayName,
  });
  fn.call(mod.exports, mod.exports, req, mod, realName, path.dirname(realName));
  mod.loaded = true;
  return mod.exports;
}

let handler;
let loadFailure;
try {
  const exported = loadUserModule();
  handler = exported && exported[cfg.exportName];
  if (typeof handler !== 'function') {
    const keys = exported && typeof exported === 'object' ? Object.keys(exported) : [];
    loadFailure = {
      k: 'load',
      m: `handler "${cfg.handler}" not found: the module exports no function "${cfg.exportName}"` +
        ` (exports: ${keys.length ? keys.join(', ') : 'none'})`,
    };
  }
} catch (err) {
  const d = describeError(err);
  loadFailure = { k: err instanceof SyntaxError ? 'syntax' : 'load', m: `failed to load the function module: ${d.m}`, s: d.s };
}
for (const stream of ['out', 'err']) {
  if (loadPartial[stream].length > 0) loadLogs.push(loadPartial[stream].pieces.join(''));
}

// ---- memory --------------------------------------------------------------------------------
// The worker's resourceLimits bound only the V8 heap. Buffers and ArrayBuffers live outside it, so
// the function's memory size is enforced here on heap + external memory (this isolate's own
// figures), checked while invocations run and before each answer. Over the size, the host ends
// the instance, as FunctionGraph ends one that runs out of memory. A purely synchronous burst is
// seen when it returns or yields.

const MEMORY_LIMIT_BYTES = cfg.memoryMb * 1024 * 1024;
const MEMORY_CHECK_MS = 20;
/** Garbage Buffers count as external memory until collected; collect before calling it a breach. */
const collectGarbage = (() => {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc');
  } catch {
    return undefined;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
})();

function memoryInUse() {
  const stats = v8.getHeapStatistics();
  return stats.used_heap_size + stats.external_memory;
}

let memoryBreached = false;

/** True (and the host told) when the function holds more than its memory size. */
function checkMemory() {
  if (memoryBreached) return true;
  if (memoryInUse() <= MEMORY_LIMIT_BYTES) return false;
  if (collectGarbage) collectGarbage();
  const used = memoryInUse();
  if (used <= MEMORY_LIMIT_BYTES) return false;
  memoryBreached = true;
  const mb = Math.round(used / (1024 * 1024));
  postNow({
    t: 'memory',
    m: `the function exceeded its memory limit of ${cfg.memoryMb} MB (${mb} MB in use: JavaScript heap plus Buffers and ArrayBuffers); the instance was restarted`,
  });
  live.clear();
  return true;
}

let memoryTimer;
function watchMemory() {
  if (memoryTimer) return;
  memoryTimer = setInterval(() => {
    if (checkMemory() || live.size === 0) {
      clearInterval(memoryTimer);
      memoryTimer = undefined;
    }
  }, MEMORY_CHECK_MS);
}

// ---- invocation ----------------------------------------------------------------------------

function finish(cap, ok, payload) {
  if (!live.has(cap.id)) return; // cancelled (timed out) or already answered (callback + promise)
  if (checkMemory()) return; // the host ends the instance and answers every invocation with 'memory'
  flushPartial(cap);
  live.delete(cap.id);
  const msg = ok ? { t: 'res', id: cap.id, ok: true } : { t: 'res', id: cap.id, ok: false, ...payload };
  if (ok && payload !== undefined) msg.r = payload;
  msg.dropped = cap.dropped;
  if (cap.reads.size > 0) msg.reads = [...cap.reads];
  answer(msg);
}

function succeed(cap, value) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    finish(cap, false, { k: 'exception', m: `the handler's result cannot be serialised to JSON: ${describeError(err).m}` });
    return;
  }
  if (text !== undefined && text.length > RESULT_CAP / 4 && Buffer.byteLength(text) > RESULT_CAP) {
    finish(cap, false, {
      k: 'result-too-large',
      m: `the function result is ${Buffer.byteLength(text)} bytes; FunctionGraph allows at most ${RESULT_CAP} bytes`,
    });
    return;
  }
  finish(cap, true, text);
}

function fail(cap, err) {
  finish(cap, false, { k: 'exception', ...describeError(err) });
}

function runInvocation(msg, cap) {
  if (loadLogs) {
    for (const line of loadLogs) emitLine(cap, line);
    loadLogs = null;
  }
  if (loadFailure) {
    finish(cap, false, loadFailure);
    return;
  }
  let event;
  try {
    event = JSON.parse(msg.ev);
  } catch (err) {
    finish(cap, false, { k: 'exception', m: `the event is not valid JSON: ${describeError(err).m}` });
    return;
  }
  event = recordingEvent(event, cap.reads);
  const context = makeContext(msg, cap);
  const callback = (err, value) => (err ? fail(cap, err) : succeed(cap, value));
  let returned;
  try {
    returned = handler(event, context, callback);
  } catch (err) {
    fail(cap, err);
    return;
  }
  if (returned && typeof returned.then === 'function') {
    returned.then((v) => succeed(cap, v), (err) => fail(cap, err));
  } else if (handler.length < 3) {
    // A synchronous handler without a callback parameter: its return value is the result.
    succeed(cap, returned);
  }
  // Otherwise a callback-style handler answers when it calls back.
}

function onHostMessage(msg) {
  if (msg.t === 'inv') {
    if (memoryBreached) return; // the host is ending this instance
    // The next handler may block the thread: what earlier ones answered goes out first.
    flushAnswers();
    const cap = newCapture(msg.id);
    live.add(msg.id);
    watchMemory();
    als.run(cap, () => runInvocation(msg, cap));
  } else if (msg.t === 'cancel') {
    live.delete(msg.id);
  }
}

parentPort.on('message', (msg) => {
  if (Array.isArray(msg)) for (const one of msg) onHostMessage(one);
  else onHostMessage(msg);
});

// process.exit in a worker ends only this thread; say which invocation did it first
// (messages posted before exit are delivered) so the host can attribute the failure.
const realExit = process.exit.bind(process);
process.exit = (code) => {
  const cap = als.getStore();
  if (cap) flushPartial(cap);
  postNow({ t: 'exit', id: cap ? cap.id : undefined, code: code === undefined ? process.exitCode ?? 0 : code });
  realExit(code);
};

// Errors escaping the handler's own promise chain would take a real instance down. Report them
// against the invocation they came from; the host then retires this worker.
function reportEscaped(kindLabel) {
  return (err) => {
    const cap = als.getStore();
    const d = describeError(err);
    if (cap) flushPartial(cap);
    postNow({ t: 'crash', id: cap ? cap.id : undefined, k: 'crash', m: `${kindLabel}: ${d.m}`, s: d.s });
    if (cap) live.delete(cap.id);
  };
}
process.on('uncaughtException', reportEscaped('uncaught exception'));
process.on('unhandledRejection', reportEscaped('unhandled promise rejection'));

// Loaded (or failed to load, which every invocation will then report): ready for work.
parentPort.postMessage({ t: 'ready' });
