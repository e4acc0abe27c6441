#!/usr/bin/env node
// The CLI runs the TypeScript sources directly through tsx, so a checkout works right after `npm install`
// with no build step and can never run stale compiled code.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/hosts/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
