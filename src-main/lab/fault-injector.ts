/**
 * Failure injection at the gateway's call sites of the function host (a custom authorizer's call
 * and a FUNCTION backend's call): a matching rule replaces the invocation's outcome with the
 * failure it names, or delays it, before the gateway judges it. The runtimes are never touched, so
 * the gateway's handling (relaxed mode, gateway responses, retries) is exercised exactly as for a
 * real failure. Every changed call carries `injected` for the trace.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalFunction } from '../../src-shared/model';
import { describeFault, faultRuleProblems, type FaultRule, type FaultRuleInput, type InjectedFault } from '../../src-shared/lab/faults';
import type { FunctionHost, InvokeOptions, InvokeOutcome, InvokeResult } from '../functions/function-host';

/** Who is calling: an authorizer's id for authorizer calls (FUNCTION backends have none). */
export interface InvokeSite {
  authorizerId?: string;
}

export type InjectedOutcome = InvokeOutcome & { injected?: InjectedFault };

/** FunctionGraph's default timeout, used when neither the call nor the function sets one. */
const DEFAULT_TIMEOUT_MS = 3000;

export class FaultRuleError extends Error {}

export class FaultInjector {
  private rules: FaultRule[] = [];
  private nextId = 1;

  /** `random` decides percentage rules; tests pass a fixed sequence. */
  constructor(private readonly random: () => number = Math.random) {}

  add(input: FaultRuleInput): FaultRule {
    const problems = faultRuleProblems(input);
    if (problems.length) throw new FaultRuleError(`invalid fault rule: ${problems.join('; ')}`);
    const trigger = 'nextCalls' in input.trigger ? { nextCalls: input.trigger.nextCalls } : { percent: input.trigger.percent };
    const target = 'authorizerId' in input.target ? { authorizerId: input.target.authorizerId } : { functionName: input.target.functionName };
    const rule: FaultRule = {
      id: String(this.nextId++),
      target,
      kind: input.kind,
      statusCode: input.statusCode,
      latencyMs: input.latencyMs,
      trigger,
      remaining: 'nextCalls' in trigger ? trigger.nextCalls : undefined,
      fired: 0,
    };
    this.rules.push(rule);
    return { ...rule };
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Removes one rule, or every rule without an id. Returns how many were removed. */
  remove(id?: string): number {
    const before = this.rules.length;
    this.rules = id === undefined ? [] : this.rules.filter((r) => r.id !== id);
    return before - this.rules.length;
  }

  /**
   * The host's invoke, unless a rule fires for this call. Never rejects, as the host's invoke.
   * Not async itself: a call no rule touches (nearly all of them) hands back the host's own promise.
   */
  invoke(host: Pick<FunctionHost, 'invoke'>, fn: LocalFunction, event: unknown, opts: InvokeOptions, site: InvokeSite): Promise<InjectedOutcome> {
    const rule = this.rules.length > 0 ? this.firing(fn.name, site) : undefined;
    return rule ? this.inject(rule, host, fn, event, opts) : host.invoke(fn, event, opts);
  }

  private async inject(rule: FaultRule, host: Pick<FunctionHost, 'invoke'>, fn: LocalFunction, event: unknown, opts: InvokeOptions): Promise<InjectedOutcome> {
    const injected: InjectedFault = { ruleId: rule.id, kind: rule.kind, summary: this.summaryOf(rule) };
    const logs = [`[workbench] ${injected.summary}`];
    const started = performance.now();
    const done = (partial: InvokeResult): InjectedOutcome => ({ ...partial, logs, durationMs: performance.now() - started, injected });
    const timeoutMs = opts.timeoutMs ?? fn.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    switch (rule.kind) {
      case 'timeout':
        // A real timeout keeps the caller waiting for the whole timeout: so does this one.
        await sleep(timeoutMs);
        return done({ ok: false, failure: { kind: 'timeout', message: `[injected] the function did not finish within ${timeoutMs} ms` } });
      case 'exception':
        return done({ ok: false, failure: { kind: 'exception', message: '[injected] Error: exception thrown by the handler' } });
      case 'crash':
        return done({ ok: false, failure: { kind: 'crash', message: '[injected] the function instance crashed' } });
      case 'status':
        return done({
          ok: true,
          result: {
            statusCode: rule.statusCode,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ error_code: 'INJECTED', error_msg: `injected statusCode ${rule.statusCode}` }),
          },
        });
      case 'malformed':
        // Neither an authorizer result nor a FUNCTION backend wrapper: a bare, non-JSON string.
        return done({ ok: true, result: 'injected malformed result: not {"statusCode": …, "body": …}' });
      case 'latency': {
        const latency = rule.latencyMs!;
        if (latency >= timeoutMs) {
          await sleep(timeoutMs);
          return done({ ok: false, failure: { kind: 'timeout', message: `[injected] ${latency} ms of added latency exceeds the ${timeoutMs} ms timeout` } });
        }
        await sleep(latency);
        // The added latency counts against the function's timeout, as a slow dependency would.
        const outcome = await host.invoke(fn, event, { ...opts, timeoutMs: timeoutMs - latency });
        return { ...outcome, logs: [...logs, ...outcome.logs], durationMs: performance.now() - started, injected };
      }
    }
  }

  /** The first rule matching this call that fires; spends one of a nextCalls rule's calls. */
  private firing(functionName: string, site: InvokeSite): FaultRule | undefined {
    for (const rule of this.rules) {
      const matches = 'authorizerId' in rule.target ? rule.target.authorizerId === site.authorizerId : rule.target.functionName === functionName;
      if (!matches) continue;
      if ('percent' in rule.trigger) {
        if (this.random() * 100 >= rule.trigger.percent) continue;
      } else {
        rule.remaining = (rule.remaining ?? 0) - 1;
        if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
      }
      rule.fired++;
      return rule;
    }
    return undefined;
  }

  private summaryOf(rule: FaultRule): string {
    const when =
      'percent' in rule.trigger
        ? `${rule.trigger.percent}% of calls`
        : rule.remaining! > 0
          ? `${rule.remaining} more call(s) to change`
          : 'its last call';
    return `injected ${describeFault(rule)} (fault rule ${rule.id}, ${when})`;
  }
}
