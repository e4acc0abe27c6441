/**
 * Runs the CLI in this process, as `apig-workbench ARGV…` would: stdout lines in `out`, and
 * everything logged (what the terminal shows on stderr, formatted as the CLI formats it) in `err`;
 * `records` keeps the log's levels and fields.
 */
import { main } from '../../src-main/hosts/cli/main';
import { collectingLogger } from '../../src-main/logger';

export async function runCli(...argv: string[]) {
  const out: string[] = [];
  const log = collectingLogger();
  const code = await main(argv, { out: (line) => out.push(line), log: log.logger });
  return { code, out: out.join('\n'), err: log.text(), records: log.records };
}
