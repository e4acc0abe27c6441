/**
 * Waiting for a condition instead of sleeping: the condition is checked once per short timer tick,
 * at most `turns` times, so a test waits exactly as long as the thing takes (no race against a
 * guessed sleep), and a condition that never comes fails with its name instead of hanging. The
 * bound is a count of checks, so a slow machine gets as many chances as a fast one.
 */
export async function until(condition: () => boolean | Promise<boolean>, what: string | (() => string), turns = 1000, tickMs = 10): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  if (await condition()) return;
  throw new Error(`still waiting after ${turns} checks: ${typeof what === 'function' ? what() : what}`);
}
