import { parseArgs, UsageError, type CliCommand, type CliIo } from './command';
import { commands } from './commands';

const consoleIo: CliIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

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

export async function main(argv: string[], io: CliIo = consoleIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(helpText());
    return name ? 0 : 2;
  }
  const command: CliCommand | undefined = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`apig-workbench: unknown command '${name}'\n\n${helpText()}`);
    return 2;
  }
  if (rest.includes('--help')) {
    io.out(command.usage);
    return 0;
  }
  try {
    return await command.run(parseArgs(rest, command.booleanFlags, command.repeatableFlags), io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`apig-workbench ${name}: ${error.message}\n\n${command.usage}`);
      return 2;
    }
    io.err(`apig-workbench ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
