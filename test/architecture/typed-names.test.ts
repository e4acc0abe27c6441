/**
 * Names that tie the gateway, the store and the UI together are checked by the compiler (issue 11):
 * a trace stage's detail by the stage's name, a change event's entity by EntityName. Each
 * `@ts-expect-error` below is a mistake `tsc -p test` must keep refusing: if the types loosen,
 * the directive is unused and the typecheck fails.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { addStage, type Exchange } from '../../src-main/gateway/exchange';
import type { StoreChange } from '../../src-main/store/workspace-store';
import { ENTITY_NAMES, type EntityName } from '../../src-shared/entity-names';
import { findStage, type RouteDetail, type ThrottlingDetail, type TraceStage } from '../../src-shared/trace';
import { listsAffectedBy } from '../../src-renderer/state/changeBatcher';

describe('trace stages typed by name', () => {
  const stages: TraceStage[] = [
    { name: 'group', outcome: 'ok', summary: 'default group', durationMs: 0 },
    { name: 'route', outcome: 'ok', summary: 'GET /a → API a', durationMs: 0, detail: { apiId: 'a1' } },
    { name: 'throttling', outcome: 'fail', summary: 'tripped', durationMs: 0, detail: { counters: [], tripped: 'ip' } },
  ];

  it('findStage gives the stage of that name with its own detail type', () => {
    const route = findStage(stages, 'route');
    expectTypeOf(route?.detail).toEqualTypeOf<RouteDetail | undefined>();
    expect(route?.detail?.apiId).toBe('a1');
    expectTypeOf(findStage(stages, 'throttling', 'fail')?.detail).toEqualTypeOf<ThrottlingDetail | undefined>();
    expect(findStage(stages, 'throttling', 'fail')?.detail?.tripped).toBe('ip');
    expect(findStage(stages, 'throttling', 'ok')).toBeUndefined();
    expect(findStage(stages, 'authentication')).toBeUndefined();
  });

  it('a detail of the wrong shape, or on a stage that records none, does not compile', () => {
    // @ts-expect-error the route stage's field is apiId
    const misnamed: TraceStage = { name: 'route', outcome: 'ok', summary: '', durationMs: 0, detail: { apiID: 'a1' } };
    // @ts-expect-error the group stage records no detail
    const unexpected: TraceStage = { name: 'group', outcome: 'ok', summary: '', durationMs: 0, detail: { apiId: 'a1' } };
    const record = (exchange: Exchange) => {
      // @ts-expect-error addStage checks the detail against the stage named
      addStage(exchange, 'route', 'ok', 'matched', 0, { apiID: 'a1' });
      // @ts-expect-error the counters are the throttling stage's, not the route's
      addStage(exchange, 'route', 'ok', 'matched', 0, { counters: [] });
    };
    expect([misnamed.name, unexpected.name, typeof record]).toEqual(['route', 'group', 'function']);
  });
});

describe('change events name entities with EntityName', () => {
  it('the names are distinct, and store, event and UI all take that union', () => {
    expect(new Set(ENTITY_NAMES).size).toBe(ENTITY_NAMES.length);
    expectTypeOf<StoreChange['entity']>().toEqualTypeOf<EntityName>();
    expectTypeOf(listsAffectedBy).parameter(0).toEqualTypeOf<EntityName>();
    // @ts-expect-error a misspelt entity
    const misspelt: StoreChange = { entity: 'apis', id: 'a1' };
    expect(misspelt.entity).toBe('apis');
  });
});
