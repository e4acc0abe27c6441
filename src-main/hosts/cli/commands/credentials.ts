/**
 * Headless credential management: `apig-workbench app create|list|authorize|unauthorize|delete|code …`
 * and `apig-workbench iam token add|list`. `app` without one of these sub-commands still opens the UI
 * (commands/app.ts): the sub-commands are layered over that command rather than replacing it.
 */
import type { Api, App } from '../../../../src-shared/model';
import { maskSecret } from '../../../../src-shared/rules/app';
import { WorkspaceStore } from '../../../store/workspace-store';
import { defineCommand, onlyFlags, parseFlags, requireFlag, UsageError, type CliCommand, type CliIo, type FlagSpecs, type ParsedArgs } from '../command';

const APP_USAGE = [
  'Credentials (apps) for APP authentication:',
  '  apig-workbench app create NAME --db DB [--key KEY] [--secret SECRET] [--description TEXT]',
  '        KEY: 8–64 letters, digits, - _; SECRET: 8–64 letters, digits, _-!@#$% (both generated when omitted)',
  '  apig-workbench app list --db DB [--reveal]      secrets and AppCodes are masked unless --reveal',
  '  apig-workbench app authorize NAME --db DB --api API_NAME --env ENV [--group GROUP]',
  '        lets the app call the API in ENV (the API must be published there); --group when API names repeat across groups',
  '  apig-workbench app unauthorize NAME --db DB --api API_NAME --env ENV [--group GROUP]',
  '  apig-workbench app delete NAME --db DB',
  '  apig-workbench app code add NAME --db DB [--code CODE]     CODE: 64–180 chars (generated when omitted); max 5 per app',
  '  apig-workbench app code remove NAME --db DB --code CODE',
].join('\n');

const APP_FLAGS = {
  db: { type: 'string' },
  key: { type: 'string' },
  secret: { type: 'string' },
  description: { type: 'string' },
  api: { type: 'string' },
  env: { type: 'string' },
  group: { type: 'string' },
  code: { type: 'string' },
  reveal: { type: 'boolean' },
} as const satisfies FlagSpecs;
type AppArgs = ParsedArgs<typeof APP_FLAGS>;

/** The flags each credential sub-command uses (`code` covers `code add` and `code remove`). */
const APP_SUBCOMMAND_FLAGS: Record<string, readonly (keyof typeof APP_FLAGS)[]> = {
  create: ['db', 'key', 'secret', 'description'],
  list: ['db', 'reveal'],
  authorize: ['db', 'api', 'env', 'group'],
  unauthorize: ['db', 'api', 'env', 'group'],
  delete: ['db'],
  code: ['db', 'code'],
};

/**
 * The `app` command with the credential sub-commands in front of it. The first positional argument
 * chooses (read with both commands' flags); each then checks the command line against its own flags.
 */
export function withAppCredentials(ui: CliCommand): CliCommand {
  const credentials = defineCommand({
    name: ui.name,
    summary: '',
    usage: APP_USAGE,
    flags: APP_FLAGS,
    run: (args, io) => {
      const sub = args.positional[0];
      onlyFlags(args, APP_SUBCOMMAND_FLAGS[sub], `app ${sub}`);
      return withStore(args, io, (store) => runAppSubcommand(store, args, io));
    },
  });
  const flags = { ...ui.flags, ...APP_FLAGS };
  return {
    name: ui.name,
    summary: `${ui.summary}; app create|list|authorize|code manage credentials`,
    usage: `${ui.usage}\n\n${APP_USAGE}`,
    flags,
    run(argv, io) {
      const [first] = parseFlags(argv, flags).positional;
      if (first === undefined) return ui.run(argv, io);
      if (!Object.hasOwn(APP_SUBCOMMAND_FLAGS, first)) throw new UsageError(`unknown app sub-command ${first} (expected one of ${Object.keys(APP_SUBCOMMAND_FLAGS).join(', ')})`);
      return credentials.run(argv, io);
    },
  };
}

async function withStore<F extends FlagSpecs & { db: { type: 'string' } }>(args: ParsedArgs<F>, io: CliIo, fn: (store: WorkspaceStore) => number): Promise<number> {
  const store = WorkspaceStore.open(requireFlag(args, 'db'), { logger: io.log });
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

function appNamed(store: WorkspaceStore, name: string | undefined): App {
  if (!name) throw new UsageError('NAME (the app) is required');
  const app = store.apps.getByName(name);
  if (!app) {
    const known = store.apps.list().map((a) => a.name);
    throw new Error(`no app named ${name} in this workspace${known.length ? ` (apps: ${known.join(', ')})` : ''}`);
  }
  return app;
}

function apiNamed(store: WorkspaceStore, name: string, groupName: string | undefined): Api {
  const groups = groupName ? [store.groups.getByName(groupName)] : store.groups.list();
  if (groupName && !groups[0]) throw new Error(`no group named ${groupName} in this workspace`);
  const found = groups.flatMap((g) => (g ? [store.apis.getByName(g.id, name)] : [])).filter((a): a is Api => a !== undefined);
  if (found.length === 0) throw new Error(`no API named ${name}${groupName ? ` in group ${groupName}` : ''} in this workspace`);
  if (found.length > 1) {
    const names = found.map((a) => store.groups.get(a.groupId)?.name).join(', ');
    throw new UsageError(`API ${name} exists in several groups (${names}); choose one with --group`);
  }
  return found[0];
}

function envNamed(store: WorkspaceStore, name: string) {
  const env = store.environments.getByName(name);
  if (!env) throw new Error(`no environment named ${name} in this workspace (environments: ${store.environments.list().map((e) => e.name).join(', ')})`);
  return env;
}

function runAppSubcommand(store: WorkspaceStore, args: AppArgs, io: CliIo): number {
  const [sub, ...rest] = args.positional;
  switch (sub) {
    case 'create': {
      if (!rest[0]) throw new UsageError('NAME (the app) is required');
      const app = store.apps.create({ name: rest[0], appKey: args.flags.key, appSecret: args.flags.secret, description: args.flags.description });
      io.out(`created app ${app.name}`);
      // Shown once, as the console does on creation; `app list` masks it.
      io.out(`AppKey:    ${app.appKey}`);
      io.out(`AppSecret: ${app.appSecret}`);
      return 0;
    }
    case 'list': {
      const reveal = args.flags.reveal ?? false;
      const apps = store.apps.list();
      if (apps.length === 0) {
        io.out('no apps in this workspace');
        return 0;
      }
      const envs = new Map(store.environments.list().map((e) => [e.id, e.name]));
      for (const app of apps) {
        const authorized = store.apps
          .authorizations({ appId: app.id })
          .map((a) => `${store.apis.get(a.apiId)?.name ?? a.apiId}@${envs.get(a.envId) ?? a.envId}`);
        io.out(app.name);
        io.out(`  AppKey:     ${app.appKey}`);
        io.out(`  AppSecret:  ${reveal ? app.appSecret : maskSecret(app.appSecret)}`);
        io.out(`  AppCodes:   ${app.appCodes.length ? app.appCodes.map((c) => (reveal ? c.code : maskSecret(c.code))).join(', ') : '(none)'}`);
        io.out(`  Authorized: ${authorized.length ? authorized.join(', ') : '(no APIs)'}`);
      }
      return 0;
    }
    case 'authorize':
    case 'unauthorize': {
      const app = appNamed(store, rest[0]);
      const api = apiNamed(store, requireFlag(args, 'api'), args.flags.group);
      const env = envNamed(store, requireFlag(args, 'env'));
      if (sub === 'authorize') {
        store.apps.authorize(app.id, api.id, env.id);
        io.out(`app ${app.name} may call API ${api.name} in ${env.name}`);
      } else {
        store.apps.unauthorize(app.id, api.id, env.id);
        io.out(`app ${app.name} may no longer call API ${api.name} in ${env.name}`);
      }
      return 0;
    }
    case 'delete': {
      const app = appNamed(store, rest[0]);
      store.apps.remove(app.id);
      io.out(`deleted app ${app.name}`);
      return 0;
    }
    case 'code': {
      const [action, name] = rest;
      if (action !== 'add' && action !== 'remove') throw new UsageError('app code needs add or remove');
      const app = appNamed(store, name);
      if (action === 'add') {
        const code = store.apps.addAppCode(app.id, args.flags.code);
        io.out(`added AppCode to app ${app.name} (${app.appCodes.length + 1} of 5)`);
        io.out(`AppCode: ${code.code}`);
      } else {
        const value = requireFlag(args, 'code');
        const code = app.appCodes.find((c) => c.code === value);
        if (!code) throw new Error(`app ${app.name} has no such AppCode`);
        store.apps.removeAppCode(app.id, code.id);
        io.out(`removed AppCode ${maskSecret(value)} from app ${app.name}`);
      }
      return 0;
    }
    default:
      throw new UsageError(`unknown app sub-command ${sub}`);
  }
}

export const iamCommand = defineCommand({
  name: 'iam',
  summary: 'Manage the local IAM token table used for IAM-authenticated APIs (X-Auth-Token)',
  usage: [
    'Usage: apig-workbench iam token add --db DB [--token TOKEN] [--user USER] [--account NAME] [--account-id ID] [--expires ISO_TIME]',
    '       apig-workbench iam token list --db DB [--reveal]',
    '       apig-workbench iam token remove --db DB --token TOKEN',
    '',
    'The local gateway accepts an X-Auth-Token that is in this table (IAM itself is not reachable locally).',
    '  --token    the token value (default: a generated MIIlocal-… token)',
    '  --user     the IAM user name shown in traces (default local-user)',
    '  --account  the account (IAM domain) name that account-name access-control policies check',
    '             (default local_account; 1–64 chars, not all digits, no commas)',
    '  --account-id  the account ID that account-ID policies check (32 letters or digits;',
    '             default: the ID the account already has in the table, else generated)',
    '  --expires  after this time the token is refused with "token expires" (default: never)',
  ].join('\n'),
  flags: {
    db: { type: 'string' },
    token: { type: 'string' },
    user: { type: 'string' },
    account: { type: 'string' },
    'account-id': { type: 'string' },
    expires: { type: 'string' },
    reveal: { type: 'boolean' },
  },
  run(args, io) {
    const [noun, action] = args.positional;
    if (noun !== 'token' || !['add', 'list', 'remove'].includes(action)) throw new UsageError('expected: iam token add|list|remove');
    onlyFlags(args, action === 'add' ? ['db', 'token', 'user', 'account', 'account-id', 'expires'] : action === 'list' ? ['db', 'reveal'] : ['db', 'token'], `iam token ${action}`);
    return withStore(args, io, (store) => {
      if (action === 'add') {
        const token = store.iamTokens.create({
          token: args.flags.token,
          userName: args.flags.user,
          accountName: args.flags.account,
          accountId: args.flags['account-id'],
          expiresAt: args.flags.expires,
        });
        io.out(
          `added IAM token for user ${token.userName} of account ${token.accountName} (ID ${token.accountId})${token.expiresAt ? `, expires ${token.expiresAt}` : ''}`,
        );
        io.out(`X-Auth-Token: ${token.token}`);
      } else if (action === 'list') {
        const tokens = store.iamTokens.list();
        if (tokens.length === 0) io.out('no IAM tokens in this workspace');
        else io.out('user  account  account-id  token  expiry');
        for (const t of tokens) {
          const value = args.flags.reveal ? t.token : maskSecret(t.token);
          io.out(`${t.userName}  ${t.accountName}  ${t.accountId}  ${value}  ${t.expiresAt ? `expires ${t.expiresAt}` : 'never expires'}`);
        }
      } else {
        const value = requireFlag(args, 'token');
        const token = store.iamTokens.getByToken(value);
        if (!token) throw new Error('no such token in the local IAM token table');
        store.iamTokens.remove(token.id);
        io.out(`removed the IAM token of user ${token.userName}`);
      }
      return 0;
    });
  },
});
