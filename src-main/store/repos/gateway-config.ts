/**
 * The workspace's gateway configuration parameters (src-shared/apig/gateway-config.ts), kept as one
 * JSON setting holding only what differs from APIG's defaults.
 */
import { checkGatewayConfig, DEFAULT_GATEWAY_CONFIG, withDefaults, type GatewayConfig } from '../../../src-shared/apig/gateway-config';
import { ValidationError } from '../../../src-shared/rules/issues';
import { fromJson, toJson } from '../context';
import type { SettingsRepo } from './misc';

export const GATEWAY_CONFIG_SETTING = 'gateway.config';

export interface GatewayConfigRepo {
  /** Every parameter, stored values over the defaults. */
  get(): GatewayConfig;
  /** Sets the given parameters (a default value clears the override); refuses the whole change on any bad value. */
  update(changes: Record<string, unknown>): GatewayConfig;
}

export function createGatewayConfigRepo(settings: SettingsRepo): GatewayConfigRepo {
  const stored = () => fromJson<Record<string, unknown>>(settings.get(GATEWAY_CONFIG_SETTING) ?? '{}') ?? {};
  return {
    get: () => withDefaults(stored()),
    update(changes) {
      const issues = checkGatewayConfig(changes);
      if (issues.length > 0) throw new ValidationError(issues, 'invalid gateway configuration');
      const next = { ...stored(), ...changes } as Record<string, unknown>;
      for (const [name, value] of Object.entries(next)) if (DEFAULT_GATEWAY_CONFIG[name as keyof GatewayConfig] === value) delete next[name];
      settings.set(GATEWAY_CONFIG_SETTING, toJson(next));
      return withDefaults(next);
    },
  };
}
