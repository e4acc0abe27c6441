/**
 * Function bindings and the Deploy screen in a real Chromium against the real browser host, with
 * the stand-in APIG / FunctionGraph (test/cloud/stand-in.ts) as the cloud: bind a function's URN in
 * the function editor, plan the sample workspace's deploy (keys typed on the screen, endpoints
 * overridden to the stand-in), apply it, and plan again to see nothing left to do.
 * Screenshots go to test-results/screenshots/deploy-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudStandIn } from '../cloud/stand-in';
import { hasChromium, CHROMIUM, startE2E, type E2E } from './harness';

if (!hasChromium) console.warn(`[e2e] skipped: no Chromium at ${CHROMIUM}.`);

const AK = 'HPUAE2EEXAMPLEAK0001';
const SK = 'e2eSecretKey0123456789abcdefghijklmnopqr';
const PROJECT = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const INSTANCE = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const BOUND = `urn:fss:cn-north-4:${PROJECT}:function:default:python_auth:2`;

describe.skipIf(!hasChromium)('Deploy screen and function bindings (Chromium)', () => {
  let e2e: E2E;
  let cloud: CloudStandIn;

  beforeAll(async () => {
    cloud = new CloudStandIn({ [AK]: SK }, PROJECT, INSTANCE);
    await cloud.start();
    cloud.seedFunction('python_auth', 'Python3.9', 2);
    e2e = await startE2E();
    e2e.page.setDefaultTimeout(10_000);
  }, 180_000);

  afterAll(async () => {
    await e2e?.close();
    await cloud?.close();
  });

  it('binds a function to a FunctionGraph URN per environment in the function editor', async () => {
    const { page, client } = e2e;
    await page.getByTestId('function-item').filter({ hasText: 'python_auth' }).click();
    const row = page.getByTestId('binding-RELEASE');
    await row.locator('input').fill('urn:fss:local:project:function:default:python_auth:1');
    await row.getByRole('button', { name: 'Bind' }).click();
    await expect.poll(() => row.locator('.field-error').textContent()).toContain('local placeholder');
    await row.locator('input').fill(BOUND);
    await row.getByRole('button', { name: 'Bind' }).click();
    await row.getByRole('button', { name: 'Unbind' }).waitFor();
    const fn = (await client.listFunctions()).find((f) => f.name === 'python_auth')!;
    expect((await client.listFunctionBindings({ functionId: fn.id })).map((b) => b.urn)).toEqual([BOUND]);
    await page.getByTestId('function-bindings').scrollIntoViewIfNeeded();
    await e2e.screenshot('deploy-function-bindings');
  });

  it('plans the deploy, applies it, and a second plan has nothing to do', async () => {
    const { page } = e2e;
    await page.getByTestId('open-deploy').click();
    const screen = page.getByTestId('deploy-screen');
    await screen.getByTestId('deploy-project').fill(PROJECT);
    await screen.getByTestId('deploy-instance').fill(INSTANCE);
    await screen.locator('select').nth(2).selectOption('');
    await screen.getByTestId('deploy-endpoint').fill(cloud.origin);
    await screen.getByTestId('deploy-fg-endpoint').fill(cloud.origin);
    await screen.getByTestId('deploy-ak').fill(AK);
    await screen.getByTestId('deploy-sk').fill(SK);
    await screen.getByTestId('deploy-plan').click();
    const steps = screen.getByTestId('deploy-steps');
    await steps.waitFor();
    expect(await screen.getByTestId('deploy-outcome').textContent()).toContain('Plan only');
    expect(await steps.textContent()).toContain('sample_shop');
    expect(cloud.mutations()).toEqual([]);
    await e2e.screenshot('deploy-plan');

    page.once('dialog', (d) => void d.accept());
    await screen.getByTestId('deploy-apply').click();
    await expect.poll(() => screen.getByTestId('deploy-outcome').textContent(), { timeout: 20_000 }).toContain('Applied and verified');
    expect(await screen.getByTestId('deploy-drift').textContent()).toContain('matches the workspace');
    const authorizer = cloud.state.authorizers.find((a) => a.name === 'python_authorizer')!;
    expect(authorizer.authorizer_version).toBe('2');
    expect(cloud.state.authorizers.find((a) => a.name === 'node_authorizer')!.user_data).toBe('sample-user-data');
    expect(cloud.state.published.get('DEFAULT_ENVIRONMENT_RELEASE_ID')!.size).toBe(5);
    await e2e.screenshot('deploy-applied');
    await screen.getByTestId('deploy-drift').scrollIntoViewIfNeeded();
    await e2e.screenshot('deploy-applied-steps');

    const before = cloud.mutations().length;
    await screen.getByTestId('deploy-plan').click();
    await expect.poll(() => screen.getByTestId('deploy-outcome').textContent()).toContain('Plan only');
    expect(await screen.getByTestId('deploy-apply').isDisabled()).toBe(true);
    expect(cloud.mutations().length).toBe(before);
  });

  it('a refusal midway shows which steps were done, which failed and which did not run', async () => {
    const { page, client } = e2e;
    const release = (await client.listEnvironments()).find((e) => e.name === 'RELEASE')!;
    const status = (await client.listApis()).find((a) => a.api.name === 'service_status')!.api;
    await client.updateApi({ id: status.id, patch: { description: 'changed for the refusal test' } });
    await client.publishApi({ apiId: status.id, envId: release.id });
    cloud.refuse = { method: 'POST', pathEndsWith: '/apis/publish', status: 400, code: 'APIG.3471', message: 'The API is not allowed to be published' };
    const screen = page.getByTestId('deploy-screen');
    await screen.getByTestId('deploy-plan').click();
    await expect.poll(() => screen.getByTestId('deploy-apply').isDisabled()).toBe(false);
    page.once('dialog', (d) => void d.accept());
    await screen.getByTestId('deploy-apply').click();
    await expect.poll(() => screen.getByTestId('deploy-outcome').textContent()).toContain('Stopped');
    expect(await screen.getByTestId('deploy-outcome').textContent()).toContain('BatchPublishOrOfflineApiV2: HTTP 400 APIG.3471 The API is not allowed to be published');
    const steps = await screen.getByTestId('deploy-steps').textContent();
    expect(steps).toMatch(/GET \/status.*done/);
    expect(steps).toMatch(/publish.*failed/);
    await screen.getByTestId('deploy-outcome').scrollIntoViewIfNeeded();
    await e2e.screenshot('deploy-failed');
    cloud.refuse = undefined;
  });
});
