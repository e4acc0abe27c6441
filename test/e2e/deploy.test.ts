/**
 * Function bindings and the Deploy screen in a real Chromium against the real browser host, with
 * the stand-in APIG / FunctionGraph (test/cloud/stand-in.ts) as the cloud: bind a function's URN in
 * the function editor, plan the sample workspace's deploy (keys typed on the screen, endpoints
 * overridden to the stand-in), apply it, and plan again to see nothing left to do. Each test has a
 * stand-in cloud of its own and binds the function itself, so none depends on another.
 * Screenshots go to test-results/screenshots/deploy-*.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { WorkbenchApi } from '../../src-shared/contract';
import { CloudStandIn } from '../cloud/stand-in';
import { closeTabIfOpen, hasChromium, CHROMIUM, useE2E } from './harness';

if (!hasChromium) console.warn(`[e2e] skipped: no Chromium at ${CHROMIUM}.`);

const AK = 'HPUAE2EEXAMPLEAK0001';
const SK = 'e2eSecretKey0123456789abcdefghijklmnopqr';
const PROJECT = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const INSTANCE = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const BOUND = `urn:fss:cn-north-4:${PROJECT}:function:default:python_auth:2`;

/** A stand-in cloud of the test's own (closed when the test ends) where python_auth has versions 1 and 2. */
async function ownCloud(): Promise<CloudStandIn> {
  const cloud = new CloudStandIn({ [AK]: SK }, PROJECT, INSTANCE);
  await cloud.start();
  onTestFinished(() => cloud.close());
  cloud.seedFunction('python_auth', 'Python3.9', 2);
  return cloud;
}

async function pythonAuth(client: WorkbenchApi) {
  const fn = (await client.listFunctions()).find((f) => f.name === 'python_auth')!;
  const release = (await client.listEnvironments()).find((e) => e.name === 'RELEASE')!;
  return { fn, release };
}

/** python_auth bound to version 2 in RELEASE, as the binding test does it in the UI. */
async function bindPythonAuth(client: WorkbenchApi): Promise<void> {
  const { fn, release } = await pythonAuth(client);
  await client.bindFunction({ functionId: fn.id, envId: release.id, urn: BOUND });
}

/**
 * A Deploy screen of its own (another test's report closed with its tab), set to deploy
 * sample_shop's RELEASE to `cloud`'s instance with keys typed on the screen.
 */
async function deployScreenFor(page: Page, cloud: CloudStandIn) {
  await closeTabIfOpen(page, 'Deploy');
  await page.getByTestId('open-deploy').click();
  const screen = page.getByTestId('deploy-screen');
  await screen.getByTestId('deploy-group').selectOption({ label: 'sample_shop' });
  await screen.getByTestId('deploy-env').selectOption({ label: 'RELEASE' });
  await screen.getByTestId('deploy-project').fill(PROJECT);
  await screen.getByTestId('deploy-instance').fill(INSTANCE);
  await screen.locator('select').nth(2).selectOption('');
  await screen.getByTestId('deploy-endpoint').fill(cloud.origin);
  await screen.getByTestId('deploy-fg-endpoint').fill(cloud.origin);
  await screen.getByTestId('deploy-ak').fill(AK);
  await screen.getByTestId('deploy-sk').fill(SK);
  return screen;
}

describe.skipIf(!hasChromium)('Deploy screen and function bindings (Chromium)', () => {
  const e2e = useE2E();

  it('binds a function to a FunctionGraph URN per environment in the function editor', async () => {
    const { page, client } = e2e();
    // Not bound yet (another test may have bound it through the contract).
    const { fn, release } = await pythonAuth(client);
    if ((await client.listFunctionBindings({ functionId: fn.id, envId: release.id })).length > 0) await client.unbindFunction({ functionId: fn.id, envId: release.id });
    await page.getByTestId('function-item').filter({ hasText: 'python_auth' }).click();
    const row = page.getByTestId('binding-RELEASE');
    await row.locator('input').fill('urn:fss:local:project:function:default:python_auth:1');
    await row.getByRole('button', { name: 'Bind' }).click();
    await expect.poll(() => row.locator('.field-error').textContent()).toContain('local placeholder');
    await row.locator('input').fill(BOUND);
    await row.getByRole('button', { name: 'Bind' }).click();
    await row.getByRole('button', { name: 'Unbind' }).waitFor();
    expect((await client.listFunctionBindings({ functionId: fn.id })).map((b) => b.urn)).toEqual([BOUND]);
    await page.getByTestId('function-bindings').scrollIntoViewIfNeeded();
    await e2e().screenshot('deploy-function-bindings');
  });

  it('plans the deploy, applies it, and a second plan has nothing to do', async () => {
    const { page, client } = e2e();
    const cloud = await ownCloud();
    await bindPythonAuth(client);
    const screen = await deployScreenFor(page, cloud);
    await screen.getByTestId('deploy-plan').click();
    const steps = screen.getByTestId('deploy-steps');
    await steps.waitFor();
    expect(await screen.getByTestId('deploy-outcome').textContent()).toContain('Plan only');
    expect(await steps.textContent()).toContain('sample_shop');
    expect(cloud.mutations()).toEqual([]);
    await e2e().screenshot('deploy-plan');

    // Another instance typed after the plan: Apply would act on a target never planned, so it waits.
    const apply = screen.getByTestId('deploy-apply');
    expect(await apply.isEnabled()).toBe(true);
    await screen.getByTestId('deploy-instance').fill('00000000000000000000000000000000');
    expect(await apply.isDisabled()).toBe(true);
    expect(await screen.getByTestId('deploy-stale').textContent()).toContain('plan again before applying');
    await e2e().screenshot('deploy-stale-plan');
    await screen.getByTestId('deploy-instance').fill(INSTANCE);
    expect(await screen.getByTestId('deploy-stale').count()).toBe(0);

    page.once('dialog', (d) => void d.accept());
    await screen.getByTestId('deploy-apply').click();
    await expect.poll(() => screen.getByTestId('deploy-outcome').textContent(), { timeout: 20_000 }).toContain('Applied and verified');
    expect(await screen.getByTestId('deploy-drift').textContent()).toContain('matches the workspace');
    const authorizer = cloud.state.authorizers.find((a) => a.name === 'python_authorizer')!;
    expect(authorizer.authorizer_version).toBe('2');
    expect(cloud.state.authorizers.find((a) => a.name === 'node_authorizer')!.user_data).toBe('sample-user-data');
    expect(cloud.state.published.get('DEFAULT_ENVIRONMENT_RELEASE_ID')!.size).toBe(5);
    await e2e().screenshot('deploy-applied');
    await screen.getByTestId('deploy-drift').scrollIntoViewIfNeeded();
    await e2e().screenshot('deploy-applied-steps');

    const before = cloud.mutations().length;
    await screen.getByTestId('deploy-plan').click();
    await expect.poll(() => screen.getByTestId('deploy-outcome').textContent()).toContain('Plan only');
    expect(await screen.getByTestId('deploy-apply').isDisabled()).toBe(true);
    expect(cloud.mutations().length).toBe(before);
  });

  it('a refusal midway shows which steps were done, which failed and which did not run', async () => {
    const { page, client } = e2e();
    const cloud = await ownCloud();
    await bindPythonAuth(client);
    const screen = await deployScreenFor(page, cloud);
    // The cloud already has the workspace deployed (applied through the contract)…
    const group = (await client.listGroups()).find((g) => g.name === 'sample_shop')!;
    const release = (await client.listEnvironments()).find((e) => e.name === 'RELEASE')!;
    const target = { groupId: group.id, envId: release.id, projectId: PROJECT, instanceId: INSTANCE, endpoint: cloud.origin, functionGraphEndpoint: cloud.origin, keys: { ak: AK, sk: SK } };
    expect((await client.applyDeploy(target)).outcome).toBe('applied');
    // …then an API changes in the workspace, and the cloud refuses to publish it.
    const status = (await client.listApis()).find((a) => a.api.name === 'service_status')!.api;
    await client.updateApi({ id: status.id, patch: { description: 'changed for the refusal test' } });
    await client.publishApi({ apiId: status.id, envId: release.id });
    cloud.refuse = { method: 'POST', pathEndsWith: '/apis/publish', status: 400, code: 'APIG.3471', message: 'The API is not allowed to be published' };
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
    await e2e().screenshot('deploy-failed');
    // Put the workspace's API back as it was.
    await client.updateApi({ id: status.id, patch: { description: status.description } });
    await client.publishApi({ apiId: status.id, envId: release.id });
  });
});
