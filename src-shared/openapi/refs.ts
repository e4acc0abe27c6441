/**
 * `$ref` handling. Only references inside the same document ('#/…') are followed; a reference to
 * another file or a URL is refused, never fetched. Chains of references that loop are refused, and
 * so are recursive YAML aliases (a node containing itself), which would make any walk endless.
 */
import { DiagnosticSink, escapePointerToken, pointerTokens } from './diagnostics';

const MAX_REF_HOPS = 32;

/** Walks the whole document once; reports every bad reference. */
export function checkDocumentRefs(root: unknown, sink: DiagnosticSink): void {
  interface Frame {
    value: object;
    pointer: string;
    keys: string[];
    next: number;
  }
  const onPath = new Set<object>();
  const done = new Set<object>();
  const stack: Frame[] = [];
  const enter = (value: unknown, pointer: string): void => {
    if (value === null || typeof value !== 'object') return;
    if (onPath.has(value)) {
      sink.error(pointer, 'recursive YAML alias: this node contains itself');
      return;
    }
    if (done.has(value)) return; // shared (non-recursive) alias target, already checked
    const ref = (value as Record<string, unknown>).$ref;
    if (typeof ref === 'string') checkRef(root, ref, pointer + '/$ref', sink);
    onPath.add(value);
    stack.push({ value, pointer, keys: Object.keys(value), next: 0 });
  };
  enter(root, '');
  while (stack.length) {
    const frame = stack[stack.length - 1];
    if (frame.next >= frame.keys.length) {
      stack.pop();
      onPath.delete(frame.value);
      done.add(frame.value);
      continue;
    }
    const key = frame.keys[frame.next++];
    enter((frame.value as Record<string, unknown>)[key], frame.pointer + '/' + escapePointerToken(key));
  }
}

function checkRef(root: unknown, ref: string, at: string, sink: DiagnosticSink): void {
  if (!ref.startsWith('#')) {
    sink.error(at, `external $ref '${ref}' is not supported: only references inside this file ('#/…') are followed, nothing is fetched`);
    return;
  }
  const seen = new Set<string>();
  let current = ref;
  for (let hop = 0; hop < MAX_REF_HOPS; hop++) {
    if (seen.has(current)) {
      sink.error(at, `$ref cycle: ${[...seen, current].join(' -> ')}`);
      return;
    }
    seen.add(current);
    if (!current.startsWith('#')) {
      sink.error(at, `external $ref '${current}' (reached from '${ref}') is not supported`);
      return;
    }
    const target = lookupPointer(root, decodeURIComponentSafe(current.slice(1)));
    if (target === undefined) {
      sink.error(at, `$ref '${current}' points to nothing in this file`);
      return;
    }
    const next = target !== null && typeof target === 'object' ? (target as Record<string, unknown>).$ref : undefined;
    if (typeof next !== 'string') return;
    current = next;
  }
  sink.error(at, `$ref chain longer than ${MAX_REF_HOPS} hops`);
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function lookupPointer(root: unknown, pointer: string): unknown {
  let node = root;
  for (const token of pointerTokens(pointer)) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/**
 * Follows a '#/…' reference chain (already validated by checkDocumentRefs) and returns the target
 * together with its pointer, or the value itself when it is not a reference.
 */
export function deref(root: unknown, value: unknown, pointer: string): { value: unknown; pointer: string } {
  let current = value;
  let at = pointer;
  for (let hop = 0; hop < MAX_REF_HOPS; hop++) {
    const ref = current !== null && typeof current === 'object' ? (current as Record<string, unknown>).$ref : undefined;
    if (typeof ref !== 'string' || !ref.startsWith('#')) return { value: current, pointer: at };
    at = decodeURIComponentSafe(ref.slice(1));
    current = lookupPointer(root, at);
  }
  return { value: undefined, pointer: at };
}
