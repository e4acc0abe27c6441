import type { CliCommand } from '../command';
import { serveCommand } from './serve';

/** Every sub-command, in the order `apig-workbench help` lists them. Add new commands here. */
export const commands: CliCommand[] = [serveCommand];
