import { UsageError, type CliCommand, type CliIo } from './command';
import { commands } from './commands';
import { isLogLevel, textLogger } from '../../logger';

/** The CLI's root logger: human-readable lines on stderr; APIG_WORKBENCH_LOG=debug|info|warn|error sets how much. */
function consoleIo(): CliIo {
  const level = process.env.APIG_WORKBENCH_LOG;
  return {
    out: (line) => process.stdout.write(line + '\n'),
    log: textLogger((text) => process.stderr.write(text + '\n'), { level: level && isLogLevel(level) ? level : 'info' }),
  };
}

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: apig-workbench <command> [options]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'apig-workbench <command> --help shows the options of one command.',
  ].join('\n');
}

export async function main(argv: string[], io: CliIo = consoleIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(helpText());
    return name ? 0 : 2;
  }
  const command: CliCommand | undefined = commands.find((c) => c.name === name);
  if (!command) {
    io.log.error(`apig-workbench: unknown command '${name}'\n\n${helpText()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.log.error(`apig-workbench ${name}: ${error.message}\n\n${command.usage}`);
      return 2;
    }
    io.log.error(`apig-workbench ${name}`, { error });
    return 1;
  }
}
