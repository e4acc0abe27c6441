import { defineCommand, requireFlag, UsageError } from '../command';
import { Workbench } from '../../../app/workbench';
import { importIntoWorkspace } from './import';
import { GATEWAY_PARAM_NAMES, parseGatewayParam, type GatewayConfig, type GatewayParamName } from '../../../../src-shared/apig/gateway-config';

export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'Run the local gateway over a workspace file (Ctrl-C stops it)',
  usage: [
    'Usage: apig-workbench serve --db FILE [--port N] [--host ADDR] [--import FILE [--functions DIR] [--publish ENV]]',
    '',
    '  --db FILE        workspace file (created if missing)',
    '  --port N         port to listen on (default 8080; 0 picks a free one)',
    '  --host ADDR      address to listen on (default 127.0.0.1)',
    '  --import FILE    first import an APIG definition file and publish its APIs',
    '  --functions DIR  with --import: bind DIR/<name>.js|.py or DIR/<name>/index.js|py to the functions it references',
    '  --publish ENV    with --import: the environment to publish to (default RELEASE)',
    '  --appcode-over-http  accept X-Apig-AppCode over the local plain HTTP (APIG accepts AppCodes over HTTPS only)',
    '  --gateway-config NAME=VALUE  a gateway configuration parameter for this run, over the workspace\'s (repeatable),',
    `                   e.g. ratelimit_api_limits=5000 or app_basic=on; known: ${GATEWAY_PARAM_NAMES.join(', ')}`,
  ].join('\n'),
  flags: {
    db: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    import: { type: 'string' },
    functions: { type: 'string' },
    publish: { type: 'string' },
    'appcode-over-http': { type: 'boolean' },
    'gateway-config': { type: 'string', multiple: true },
  },
  async run(args, io) {
    const dbFile = requireFlag(args, 'db');
    const port = args.flags.port === undefined ? 8080 : Number(args.flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0–65535, got ${args.flags.port}`);
    const config = gatewayConfigFlags(args.flags['gateway-config'] ?? []);
    const workbench = await Workbench.open({
      dbFile,
      gateway: { host: args.flags.host ?? '127.0.0.1', port, appCodeOverHttp: args.flags['appcode-over-http'] ?? false, config },
      logger: io.log,
    });
    const definition = args.flags.import;
    if (definition) {
      const options = { publishEnv: args.flags.publish ?? 'RELEASE', functionsDir: args.flags.functions };
      let imported = false;
      try {
        imported = importIntoWorkspace(workbench.store, definition, options, undefined, io);
      } finally {
        if (!imported) await workbench.close();
      }
      if (!imported) return 1;
    } else if (args.flags.functions || args.flags.publish) {
      await workbench.close();
      throw new UsageError('--functions and --publish go with --import');
    }
    const { url } = await workbench.gateway.start();
    const published = workbench.store.publications.active().length;
    io.out(`APIG Workbench gateway listening on ${url} (${published} published API${published === 1 ? '' : 's'}; workspace ${dbFile})`);
    await waitForStopSignal();
    io.out('stopping…');
    await workbench.close();
    return 0;
  },
});

/** --gateway-config name=value, each checked against APIG's names and ranges. */
function gatewayConfigFlags(values: string[]): Partial<GatewayConfig> {
  const config: Partial<Record<GatewayParamName, number | boolean>> = {};
  for (const text of values) {
    const parsed = parseGatewayParam(text);
    if (!parsed.ok) throw new UsageError(`--gateway-config ${parsed.message}`);
    config[parsed.name] = parsed.value;
  }
  return config as Partial<GatewayConfig>;
}

export function waitForStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
