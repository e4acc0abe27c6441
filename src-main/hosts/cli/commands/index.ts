import type { CliCommand } from '../command';
import { serveCommand } from './serve';
import { sampleCommand } from './sample';
import { importCommand } from './import';
import { exportCommand } from './export';
import { checkCommand } from './check';
import { appCommand } from './app';
import { iamCommand, withAppCredentials } from './credentials';
import { functionCommand } from './function';
import { deployCommand } from './deploy';
import { traceMaskCommand } from './trace-mask';
import { testCommand } from './test';

/** Every sub-command, in the order `apig-workbench help` lists them. Add new commands here. */
export const commands: CliCommand[] = [serveCommand, sampleCommand];
commands.push(importCommand, exportCommand, checkCommand);
commands.push(withAppCredentials(appCommand), iamCommand);
commands.push(functionCommand, deployCommand);
commands.push(traceMaskCommand);
commands.push(testCommand);
