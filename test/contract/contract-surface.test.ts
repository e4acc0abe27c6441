/**
 * The contract's surface, written down from the schemas themselves: every method's name and the shape
 * of its argument object. The description is compared with `contract-surface.json` next to this
 * file, so adding, removing or changing a method or an argument shows up in review as a diff of that
 * file (update it with `npx vitest run test/contract/contract-surface.test.ts -u`).
 */
import { describe, expect, it } from 'vitest';
import { CONTRACT_ARGS, METHOD_NAMES } from '../../src-shared/contract-args';

/** The parts of a valibot schema or action this description reads. */
interface SchemaNode {
  kind: string;
  type: string;
  pipe?: SchemaNode[];
  entries?: Record<string, SchemaNode>;
  wrapped?: SchemaNode;
  item?: SchemaNode;
  value?: SchemaNode;
  options?: readonly string[];
  requirement?: unknown;
  description?: string;
}

type Shape = string | { [field: string]: Shape };

/** `1..200`, `..20971520`: the bounds a pipe puts on a length or a value. */
function bounds(pipe: SchemaNode[], min: string, max: string): string {
  const lower = pipe.find((a) => a.type === min)?.requirement ?? (pipe.some((a) => a.type === 'non_empty') ? 1 : undefined);
  const upper = pipe.find((a) => a.type === max)?.requirement;
  return lower === undefined && upper === undefined ? '' : `(${lower ?? ''}..${upper ?? ''})`;
}

function shapeOf(node: SchemaNode): Shape {
  if (node.type === 'optional') return shapeOf(node.wrapped!);
  const pipe = node.pipe ?? [node];
  const description = pipe.find((a) => a.type === 'description')?.description;
  // An object with checks across its fields after it: the object, and what those checks say.
  if (node.pipe && node.pipe[0] !== node && node.pipe[0]!.pipe) {
    const fields = shapeOf(node.pipe[0]!);
    if (typeof fields === 'string' || !description) throw new Error(`describe the check after ${JSON.stringify(fields)} with v.description`);
    return { ...fields, '(across fields)': description };
  }
  if (description) return description;
  const object = pipe.find((a) => a.type === 'object');
  if (object) {
    const fields: { [field: string]: Shape } = {};
    for (const [key, entry] of Object.entries(object.entries!)) fields[entry.type === 'optional' ? `${key}?` : key] = shapeOf(entry);
    return fields;
  }
  const head = pipe[0]!;
  switch (head.type) {
    case 'string':
      return `string${bounds(pipe, 'min_length', 'max_length')}`;
    case 'number':
      return `${pipe.some((a) => a.type === 'integer') ? 'integer' : 'number'}${bounds(pipe, 'min_value', 'max_value')}`;
    case 'boolean':
      return 'boolean';
    case 'picklist':
      return head.options!.map((o) => JSON.stringify(o)).join(' | ');
    case 'array': {
      const item = shapeOf(head.item!);
      return `${typeof item === 'string' ? item : JSON.stringify(item)}[]${bounds(pipe, 'min_length', 'max_length')}`;
    }
    case 'custom': {
      const record = pipe.find((a) => a.type === 'record');
      if (record) return `Record<string, ${String(shapeOf(record.value!))}>`;
      break;
    }
  }
  throw new Error(`the surface description does not know this schema yet: ${pipe.map((a) => a.type).join(' > ')}`);
}

function contractSurface(): Record<string, Shape> {
  const surface: Record<string, Shape> = {};
  for (const method of METHOD_NAMES) surface[method] = shapeOf(CONTRACT_ARGS[method] as unknown as SchemaNode);
  return surface;
}

describe('contract surface', () => {
  it('every method and the shape of its arguments, as committed in contract-surface.json', async () => {
    await expect(`${JSON.stringify(contractSurface(), null, 2)}\n`).toMatchFileSnapshot('./contract-surface.json');
  });

  it('describes every method as an object of named fields', () => {
    const surface = contractSurface();
    expect(Object.keys(surface)).toEqual([...METHOD_NAMES]);
    for (const method of METHOD_NAMES) expect(typeof surface[method], method).toBe('object');
  });
});
