/**
 * The answer at a glance (issue 14, items 1 and 6), in a real Chromium against the real browser host
 * and gateway, on the sample workspace: the APIG user guide's example (`test: abc` → allow, context
 * user=abcd → backend header test) shows its decision, mapped context and status in one line on top
 * of the trace, in the tester, the trace tab and the live log; a deny shows the "Gateway response"
 * stage with the sample's customised AUTHORIZER_FAILURE template and the variable that rendered empty.
 * Each test opens its own tester tab, so none depends on another.
 */
import { describe, expect, it } from 'vitest';
import { hasChromium, useE2E, visiblePane } from './harness';
import { screenshotEverywhere } from './screens';

/** Tabs stay mounted when hidden: look only inside the visible one. */

describe.skipIf(!hasChromium)('the answer at a glance (Chromium)', () => {
  const e2e = useE2E();

  /** Opens the tester on the sample API `apiName` with header `name: value` and sends it. */
  async function sendFromTester(apiName: string, header: { name: string; value: string }) {
    const { page } = e2e();
    await page.getByTestId('open-tester').click();
    const tester = visiblePane(page).getByTestId('tester');
    const value = await tester.getByTestId('pick-api').locator('option', { hasText: apiName }).getAttribute('value');
    await tester.getByTestId('pick-api').selectOption(value!);
    const headers = tester.getByTestId('tester-headers');
    await expect.poll(() => headers.getByLabel('Header 1').inputValue()).toBe(header.name);
    await headers.getByLabel('Value 1').fill(header.value);
    await tester.getByTestId('send').click();
    return tester;
  }

  it('an allowed request: decision, authorizer, context → backend header and status in one line above the trace', async () => {
    const tester = await sendFromTester('guide_example', { name: 'test', value: 'abc' });
    await expect.poll(() => tester.getByTestId('response-status').textContent(), { timeout: 15_000 }).toBe('200');
    const headline = tester.getByTestId('tester-trace').getByTestId('trace-headline');
    await expect.poll(() => headline.getByTestId('headline-decision').textContent()).toBe('allow');
    const text = await headline.textContent();
    expect(text).toContain('python_authorizer');
    expect(await headline.getByTestId('headline-mapped').textContent()).toBe('user=abcd → header test');
    expect(text).toContain('200');
    expect(await headline.getByTestId('headline-error-type').count()).toBe(0);
    // The headline sits above the stages: nothing to scroll to for the answer.
    const headlineBox = (await headline.boundingBox())!;
    const firstStage = (await tester.getByTestId('stage-limits').boundingBox())!;
    expect(headlineBox.y).toBeLessThan(firstStage.y);
    // The authorizer's reason is said once (in its stage), not again in the run below it.
    const authorizerStage = tester.getByTestId('stage-authorizer');
    const reason = (await authorizerStage.locator('.summary').textContent())!.replace(/^python_authorizer: /, '');
    expect(((await authorizerStage.textContent())!.match(new RegExp(reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g')) ?? []).length).toBe(1);
    await screenshotEverywhere(e2e(), '14-1-tester-allow-headline', headline);
  });

  it('a cached decision shows cache hit and the time left in the headline', async () => {
    const { page } = e2e();
    await sendFromTester('get_profile', { name: 'Authorization', value: 'Bearer alice-token' });
    const tester = visiblePane(page).getByTestId('tester');
    await expect.poll(() => tester.getByTestId('response-status').textContent(), { timeout: 15_000 }).toBe('200');
    await tester.getByTestId('send').click();
    const cache = tester.getByTestId('tester-trace').getByTestId('trace-headline').getByTestId('headline-cache');
    await expect.poll(() => cache.textContent()).toMatch(/^cache hit, \d+s left$/);
    const mapped = await tester.getByTestId('tester-trace').getByTestId('trace-headline').getByTestId('headline-mapped').allTextContents();
    expect(mapped).toEqual(['user=alice → header x-user-name', 'role=admin → header x-user-role']);
  });

  it('a deny: the headline names AUTHORIZER_FAILURE, and the Gateway response stage shows the template and the empty variable', async () => {
    // The sample's AUTHORIZER_FAILURE template, plus a key the authorizer never returns.
    const store = e2e().session.workbench.store;
    const set = store.responseSets.list((await e2e().client.listGroups())[0].id).find((s) => s.isDefault)!;
    const rule = set.responses.AUTHORIZER_FAILURE!;
    store.responseSets.update(set.id, { responses: { AUTHORIZER_FAILURE: { ...rule, body: rule.body.replace('"error_msg"', '"why":"$context.authorizer.frontend.reason","error_msg"') } } });
    // Put back whatever happens below: the other tests expect the sample's response set.
    try {
      const tester = await sendFromTester('guide_example', { name: 'test', value: 'nope' });
      await expect.poll(() => tester.getByTestId('response-status').textContent(), { timeout: 15_000 }).toBe('401');
      const trace = tester.getByTestId('tester-trace');
      const headline = trace.getByTestId('trace-headline');
      await expect.poll(() => headline.getByTestId('headline-decision').textContent()).toBe('deny');
      expect(await headline.getByTestId('headline-error-type').textContent()).toBe('AUTHORIZER_FAILURE');

      const stage = trace.getByTestId('stage-gateway-response');
      expect(await stage.locator('.what').textContent()).toBe('Gateway response');
      expect(await stage.locator('.summary').textContent()).toBe(
        'AUTHORIZER_FAILURE 401 from response set "default" (customised); rendered empty (no value for this request): $context.authorizer.frontend.reason',
      );
      expect(await stage.getByTestId('gateway-response-set').textContent()).toContain('customised for AUTHORIZER_FAILURE');
      expect(await stage.getByTestId('gateway-response-template').textContent()).toContain('"why":"$context.authorizer.frontend.reason"');
      const rows = stage.getByTestId('template-variable');
      expect(await rows.allTextContents()).toEqual([
        '$context.authorizer.frontend.codeWRONG_TEST_HEADER',
        '$context.authorizer.frontend.reason(empty: no value for this request)',
        expect.stringMatching(/^\$context\.requestId[0-9a-f]{32}$/),
      ]);
      expect(JSON.parse((await tester.getByTestId('response-body').textContent())!)).toMatchObject({ error_code: 'WRONG_TEST_HEADER', why: '' });
      expect(await stage.getByTestId('gateway-response-empty').textContent()).toContain('The authorizer did not return that key in its context.');
      await screenshotEverywhere(e2e(), '14-6-gateway-response-stage', stage);
      await screenshotEverywhere(e2e(), '14-1-tester-deny-headline', headline);
    } finally {
      store.responseSets.update(set.id, { responses: { AUTHORIZER_FAILURE: rule } });
    }
  });

  it('the live log shows API, environment and the headline per request, and its trace tab opens with the same line', async () => {
    const { page, gatewayUrl } = e2e();
    // A request from outside the app (as curl would send it) appears in the live log too.
    const res = await fetch(`${gatewayUrl}/guide`, { headers: { test: 'abc' } });
    expect(res.status).toBe(200);
    const requestId = res.headers.get('x-request-id')!;
    await page.getByTestId('open-gateway').click();
    const panel = visiblePane(page).getByTestId('gateway-panel');
    const row = panel.getByTestId('log-row').first();
    await expect.poll(() => row.getByTestId('headline-decision').textContent()).toBe('allow');
    expect(await row.getByTestId('log-api').textContent()).toBe('guide_example · RELEASE');
    expect(await row.getByTestId('headline-mapped').textContent()).toBe('user=abcd → header test');
    await screenshotEverywhere(e2e(), '14-1-live-log-headlines', panel.getByTestId('live-log'));

    await row.click();
    const screen = visiblePane(page).getByTestId('trace-screen');
    await expect.poll(() => screen.getByTestId('trace-headline').getByTestId('headline-decision').textContent()).toBe('allow');
    expect(await screen.textContent()).toContain(requestId);
    expect(await screen.getByTestId('trace-headline').getByTestId('headline-mapped').textContent()).toBe('user=abcd → header test');
    await screenshotEverywhere(e2e(), '14-1-trace-tab-headline');
  });
});
