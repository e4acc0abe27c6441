/**
 * Every command's flags are read by node:util's parseArgs in strict mode: a mistyped flag, a value
 * given to an on/off switch or a missing required flag stops the command with exit 2, a message
 * naming the flag and the command's usage, before anything is opened or written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../src-main/hosts/cli/commands';
import { parseFlags } from '../../src-main/hosts/cli/command';
import { serveCommand } from '../../src-main/hosts/cli/commands/serve';
import { runCli } from './run-cli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-flags-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A workspace path nothing has created: a refused command line must leave it so. */
const untouched = () => path.join(dir, `never-${Math.random().toString(16).slice(2)}.db`);

describe('unknown flags', () => {
  it.each([
    ['serve', ['--db', 'DB', '--prot', '0'], '--prot (did you mean --port?)'],
    ['sample', ['--db', 'DB', '--force'], '--force'],
    ['import', ['api.yaml', '--db', 'DB', '--publsh', 'RELEASE'], '--publsh (did you mean --publish?)'],
    ['export', ['--db', 'DB', '--group', 'g', '--ouput', 'x.json'], '--ouput'],
    ['check', ['api.yaml', '--existing'], '--existing'],
    ['iam', ['token', 'list', '--db', 'DB', '--revael'], '--revael (did you mean --reveal?)'],
    ['function', ['list', '--db', 'DB', '--jsno'], '--jsno (did you mean --json?)'],
    ['deploy', ['--db', 'DB', '--group', 'g', '--env', 'RELEASE', '--dry-run'], '--dry-run'],
    ['trace-mask', ['--db', 'DB', '--names', 'x'], '--names'],
    ['test', ['suite.yaml', '--db', 'DB', '--xml', 'out.xml'], '--xml'],
    ['app', ['--gateway', '9000'], '--gateway'],
    ['app', ['list', '--db', 'DB', '--all'], '--all'],
  ])('%s %j: exit 2 naming the flag, with the usage', async (command, args, named) => {
    const db = untouched();
    const r = await runCli(command, ...args.map((a) => (a === 'DB' ? db : a)));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`apig-workbench ${command}: unknown option ${named}`);
    expect(r.err).toContain(`Usage: apig-workbench ${command}`);
    expect(r.out).toBe('');
    expect(fs.existsSync(db)).toBe(false);
  });

  it('every command refuses a flag it does not know', async () => {
    for (const command of commands) {
      const r = await runCli(command.name, '--no-such-flag');
      expect(r, command.name).toMatchObject({ code: 2, err: expect.stringContaining('unknown option --no-such-flag') });
    }
  });

  it('a long flag written with one dash is named as typed, with the spelling meant', async () => {
    const db = untouched();
    const r = await runCli('sample', '-db', db);
    expect(r.code).toBe(2);
    expect(r.err).toContain('apig-workbench sample: unknown option -db (did you mean --db?)');
    expect(fs.existsSync(db)).toBe(false);
  });

  it('a credential flag given to the UI command is refused, and the UI is not opened', async () => {
    const r = await runCli('app', '--reveal', '--no-open');
    expect(r.code).toBe(2);
    expect(r.err).toContain('apig-workbench app: unknown option --reveal');
  });

  it('a mistyped app sub-command is refused, not taken as a request to open the UI', async () => {
    const r = await runCli('app', 'lsit', '--db', untouched());
    expect(r.code).toBe(2);
    expect(r.err).toContain('apig-workbench app: unknown app sub-command lsit');
  });
});

describe('on/off switches', () => {
  it('a value given to a switch is refused, naming it', async () => {
    const db = untouched();
    const r = await runCli('function', 'list', '--db', db, '--json=yes');
    expect(r.code).toBe(2);
    expect(r.err).toContain('apig-workbench function: --json takes no value');
    expect(r.err).toContain('Usage: apig-workbench function');
    expect(fs.existsSync(db)).toBe(false);
  });

  it('a switch is a boolean: --json switches the output to JSON, its absence leaves text', async () => {
    const db = path.join(dir, 'switch.db');
    expect((await runCli('sample', '--db', db)).code).toBe(0);
    const json = await runCli('function', 'list', '--db', db, '--json');
    expect(json.code).toBe(0);
    expect(Array.isArray(JSON.parse(json.out))).toBe(true);
    const text = await runCli('function', 'list', '--db', db);
    expect(() => JSON.parse(text.out)).toThrow();
    expect(text.out).toMatch(/unbound/);
  });
});

describe('required flags and values', () => {
  it.each([
    ['sample', []],
    ['serve', ['--port', '0']],
    ['trace-mask', []],
    ['export', ['--group', 'g']],
    ['function', ['list']],
    ['test', ['suite.yaml']],
    ['app', ['list']],
  ])('%s %j without --db: exit 2, "--db is required", with the usage', async (command, args) => {
    const r = await runCli(command, ...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`apig-workbench ${command}: --db is required`);
    expect(r.err).toContain(`Usage: apig-workbench ${command}`);
  });

  it('a flag at the end of the line without its value, or followed by another flag, needs a value', async () => {
    const end = await runCli('sample', '--db');
    expect(end.code).toBe(2);
    expect(end.err).toContain('apig-workbench sample: --db needs a value');
    const followed = await runCli('export', '--db', '--group', 'g');
    expect(followed.code).toBe(2);
    expect(followed.err).toContain("apig-workbench export: --db needs a value (for a value that starts with '-', write --db=VALUE)");
  });
});

describe('repeatable flags', () => {
  it('keep every value, in order', () => {
    const args = parseFlags(['--db', 'w.db', '--gateway-config', 'app_basic=on', '--gateway-config', 'ratelimit_api_limits=5000'], serveCommand.flags);
    expect(args.flags['gateway-config']).toEqual(['app_basic=on', 'ratelimit_api_limits=5000']);
    expect(args.flags.db).toBe('w.db');
  });

  it('serve checks each value of a repeated --gateway-config (the second is wrong here) before opening the workspace', async () => {
    const db = untouched();
    const r = await runCli('serve', '--db', db, '--gateway-config', 'app_basic=on', '--gateway-config', 'no_such_param=1');
    expect(r.code).toBe(2);
    expect(r.err).toContain('apig-workbench serve: --gateway-config');
    expect(r.err).toContain('no_such_param');
    expect(fs.existsSync(db)).toBe(false);
  });
});

describe('flags of another sub-command', () => {
  it('a credential flag the sub-command does not use is refused, naming what it takes', async () => {
    const db = untouched();
    const r = await runCli('app', 'create', 'my_app', '--db', db, '--code', 'x'.repeat(64));
    expect(r.code).toBe(2);
    expect(r.err).toContain('apig-workbench app: --code does not apply to app create (it takes --db, --key, --secret, --description)');
    expect(fs.existsSync(db)).toBe(false);
  });

  it('iam token list refuses --token (a filter it does not have)', async () => {
    const r = await runCli('iam', 'token', 'list', '--db', untouched(), '--token', 'abc');
    expect(r.code).toBe(2);
    expect(r.err).toContain('apig-workbench iam: --token does not apply to iam token list (it takes --db, --reveal)');
  });
});

describe('help', () => {
  it('--help and -h print the command\'s usage on stdout, exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await runCli('export', flag);
      expect(r.code).toBe(0);
      expect(r.out).toContain('Usage: apig-workbench export');
      expect(r.err).toBe('');
    }
  });
});
