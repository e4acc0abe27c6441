import { randomFillSync } from 'node:crypto';

/**
 * 32 lower-case hex characters, like APIG's request ids. Random bytes are drawn in blocks
 * because one crypto call per request shows up in profiles under load.
 */
const pool = Buffer.alloc(16 * 1024);
let offset = pool.length;

export function newRequestId(): string {
  if (offset + 16 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString('hex', offset, offset + 16);
  offset += 16;
  return id;
}
