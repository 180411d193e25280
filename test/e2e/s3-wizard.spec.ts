import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { shoot } from './screens';

test.setTimeout(180_000);

/** Every file under `dir` (but `skip`), read as text. */
function filesUnder(dir: string, skip: string): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (path === skip) return [];
    return statSync(path).isDirectory() ? filesUnder(path, skip) : [{ path, text: readFileSync(path).toString('latin1') }];
  });
}

/** The lab's connection card, once the lab runs and its connection answers. */
async function openLab(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByTestId('lab-card')).toHaveAttribute('data-lab-state', 'running', { timeout: 120_000 });
  const lab = page.getByTestId('connection').filter({ has: page.getByTestId('builtin-badge') });
  await expect(lab).toHaveCount(1);
  return lab;
}

test('fresh app → lab → S3 wizard → AccessDenied fixed → profile whose snippets list the dataset; the secret stays hidden until Reveal', async ({
  page,
  workbench,
}) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  // Arrange: record every WebSocket frame, tagged with whether Reveal had been pressed.
  let revealed = false;
  const frames: { revealed: boolean; text: string }[] = [];
  page.on('websocket', (ws) => {
    ws.on('framereceived', (f) => frames.push({ revealed, text: String(f.payload) }));
    ws.on('framesent', (f) => frames.push({ revealed, text: String(f.payload) }));
  });
  const pages: string[] = []; // the DOM and localStorage at each step, checked for the secret at the end
  const capture = async () => {
    pages.push(await page.content());
    pages.push(await page.evaluate(() => JSON.stringify({ ...window.localStorage, ...window.sessionStorage })));
  };

  // The lab is the first connection, marked built-in, and its test passes.
  const lab = await openLab(page, workbench.url);
  await expect(page.getByTestId('connection').first()).toHaveAttribute(
    'data-connection-id',
    (await lab.getAttribute('data-connection-id')) ?? '',
  );
  const labName = (await lab.getAttribute('data-connection-name')) ?? '';
  await expect(page.getByTestId('status-storage')).toHaveText(`Storage: ${labName}`);
  await lab.getByTestId('conn-test').click();
  await expect(lab.getByTestId('test-panel')).toHaveAttribute('data-outcome', 'ok');
  await expect(lab.getByTestId('test-step-login')).toHaveAttribute('data-status', 'ok');
  await expect(lab.getByTestId('test-step-version')).toContainText('9.14.1');
  await shoot(page, 'storage-lab-tested');

  // Discovery of the lab: the cluster, svm1 and vol1 on /vol1.
  await lab.getByTestId('conn-browse').click();
  await expect(page.getByTestId('disc-cluster')).toContainText('lab-cluster');
  await expect(page.getByTestId('disc-svms')).toContainText('svm1');
  await expect(page.getByTestId('disc-volumes-row').filter({ hasText: 'vol1' })).toContainText('/vol1');
  await expect(page.getByTestId('disc-interfaces')).toContainText('127.0.0.1');
  await shoot(page, 'discovery-lab');

  // 1. Where: the lab's defaults are already chosen, so Next goes on (by keyboard: Tab to it, Enter).
  await page.getByTestId('conn-setup-s3').click();
  await expect(page.getByTestId('wiz-svm')).toHaveValue('svm1');
  await expect(page.getByTestId('wiz-volume')).toHaveValue('vol1');
  await shoot(page, 'wizard-1-where');
  await capture();
  await page.getByTestId('wiz-next').focus();
  await page.keyboard.press('Enter');

  // 2. Review: the bucket name is checked as typed; the plan creates server, user, group and bucket.
  await expect(page.getByTestId('wizard-step-plan')).toBeVisible();
  await page.getByTestId('wiz-bucket').fill('Tyre_Data');
  await expect(page.getByTestId('wiz-bucket-error')).toBeVisible();
  await expect(page.getByTestId('wiz-next')).toBeDisabled();
  await page.getByTestId('wiz-bucket').fill('tyre-data');
  await expect(page.getByTestId('wiz-bucket-error')).toHaveCount(0);
  const bucketStep = page.getByTestId('plan-step-bucket');
  await expect(bucketStep.getByTestId('plan-cli')).toContainText('bucket create tyre-data');
  for (const id of ['server', 'user', 'group', 'bucket']) {
    await expect(page.getByTestId(`plan-step-${id}`)).toHaveAttribute('data-action', 'create');
  }
  await expect(bucketStep.getByTestId('plan-rest')).toContainText('POST /api/protocols/s3/');
  await expect(page.getByTestId('plan-loading')).toHaveCount(0);
  await shoot(page, 'wizard-2-plan');
  await capture();
  await page.getByTestId('wiz-next').click();

  // 3. Run: the live log ends with the write refused (the volume is 755).
  const run = page.getByTestId('wizard-step-run');
  await expect(run).toHaveAttribute('data-run-state', 'needs-attention', { timeout: 60_000 });
  await expect(page.getByTestId('log-line').first()).toBeVisible();
  await expect(page.getByTestId('setup-log')).toContainText(/AccessDenied|cannot write|not write/i);
  await expect(page.getByTestId('setup-log').getByTestId('troubleshoot-link').first()).toBeVisible();
  await shoot(page, 'wizard-3-run');
  await capture();
  await page.getByTestId('wiz-next').click();

  // 4. Result: not writable, and the fix is shown in full before the button that applies it.
  const result = page.getByTestId('wizard-step-result');
  await expect(result).toHaveAttribute('data-writable', 'false');
  const fix = page.getByTestId('permission-fix');
  await expect(fix.getByTestId('fix-rest')).toContainText(/PATCH \/api\/storage\/volumes\/\S+/);
  await expect(fix.getByTestId('fix-rest')).toContainText('unix_permissions');
  await expect(fix.getByTestId('fix-cli')).toContainText('volume modify');
  await expect(page.getByTestId('result-endpoint')).toContainText(/http:\/\/127\.0\.0\.1:\d+/);
  await expect(page.getByTestId('result-interface')).toContainText('127.0.0.1');
  await shoot(page, 'wizard-4-result-access-denied');
  await capture();
  await fix.getByTestId('fix-apply').click();
  await expect(result).toHaveAttribute('data-writable', 'true', { timeout: 60_000 });
  await expect(result).toHaveAttribute('data-result-state', 'done');
  await expect(page.getByTestId('result-bucket')).toContainText('tyre-data');
  await expect(page.getByTestId('result-summary')).toContainText('round trip');
  await expect(page.getByTestId('result-multipart')).toContainText('supported');
  await shoot(page, 'wizard-4-result-fixed');
  await capture();
  await page.getByTestId('wiz-next').click();

  // 5. Profile: the secret is masked in the snippets until Reveal.
  await expect(page.getByTestId('profile-bucket')).toHaveText('tyre-data');
  await expect(page.getByTestId('snippet-boto3')).toContainText('addressing_style');
  await expect(page.getByTestId('snippet-aws-cli')).toContainText('--endpoint-url http://127.0.0.1:');
  await shoot(page, 'wizard-5-profile');
  await capture();
  revealed = true;
  await page.getByTestId('secret-reveal').click();
  await expect(page.getByTestId('secret-hide')).toBeVisible();
  const cli = (await page.getByTestId('snippet-aws-cli').locator('code').textContent()) ?? '';
  const secret = /aws_secret_access_key (\S+)/.exec(cli)?.[1] ?? '';
  expect(secret).toMatch(/^[A-Za-z0-9+/_=-]{16,}$/);
  await shoot(page, 'wizard-5-profile-revealed');

  // The secret was nowhere before Reveal: not in the DOM, storage or the WebSocket traffic.
  for (const snapshot of pages) expect(snapshot).not.toContain(secret);
  expect(frames.filter((f) => !f.revealed && f.text.includes(secret))).toEqual([]);
  expect(frames.filter((f) => f.revealed && f.text.includes(secret)).length).toBeGreaterThan(0); // the reveal answer
  // After Reveal it is in the snippets only, never in local or session storage.
  const outsideSnippets = await page.evaluate((s) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const places: string[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.textContent?.includes(s) && !n.parentElement?.closest('[data-testid^="snippet-"]'))
        places.push(n.parentElement?.outerHTML ?? '?');
    }
    const attrs = Array.from(document.querySelectorAll('*')).filter((el) =>
      Array.from(el.attributes).some((a) => a.value.includes(s)),
    );
    return [...places, ...attrs.map((el) => el.tagName)];
  }, secret);
  expect(outsideSnippets).toEqual([]);
  expect(await page.evaluate(() => JSON.stringify({ ...window.localStorage, ...window.sessionStorage }))).not.toContain(secret);
  expect(workbench.output()).not.toContain(secret); // nor in the server's log
  // Nor is it in plain text in any file the workbench wrote (the lab, the stand-in cluster, keeps its own users' keys).
  const plain = filesUnder(workbench.home, join(workbench.home, 'lab')).filter((f) => f.text.includes(secret));
  expect(plain.map((f) => f.path)).toEqual([]);

  // The snippets work as copied: boto3 and the AWS CLI both see the lab's dataset through the bucket.
  const boto3 = (await page.getByTestId('snippet-boto3').locator('code').textContent()) ?? '';
  const listed = execFileSync('python3', ['-c', boto3], { encoding: 'utf8', timeout: 60_000 });
  expect(listed).toContain('dataset/tyre/');
  const awsHome = mkdtempSync(join(tmpdir(), 'workbench-aws-'));
  try {
    const env = {
      ...process.env,
      HOME: awsHome,
      AWS_CONFIG_FILE: join(awsHome, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(awsHome, 'credentials'),
    };
    let out = '';
    for (const line of cli.split('\n').filter((l) => l.startsWith('aws '))) {
      out = execFileSync('bash', ['-c', line], { encoding: 'utf8', env, timeout: 60_000 });
    }
    expect(out).toContain('PRE dataset/');
  } finally {
    rmSync(awsHome, { recursive: true, force: true });
  }

  // Hide puts the mask back.
  await page.getByTestId('secret-hide').click();
  await expect(page.getByTestId('snippet-aws-cli')).not.toContainText(secret);
  expect(errors).toEqual([]);
});

test('running the wizard again on the lab reuses everything and creates nothing', async ({ page, workbench }) => {
  await openLab(page, workbench.url);
  await page.getByTestId('open-s3-setup').click();
  await expect(page.getByTestId('wiz-volume')).toHaveValue('vol1');
  // A new volume instead: its size in the chosen unit becomes bytes, its junction path follows its name.
  await page.getByTestId('wiz-volume-create').check();
  await page.getByTestId('wiz-new-name').fill('tyre_new');
  await page.getByTestId('wiz-new-size').fill('2');
  await page.getByTestId('wiz-new-unit').selectOption('GiB');
  await expect(page.getByTestId('wiz-new-path')).toHaveValue('/tyre_new');
  await shoot(page, 'wizard-1-where-new-volume');
  await page.getByTestId('wiz-next').click();
  await expect(page.getByTestId('plan-step-volume')).toHaveAttribute('data-action', 'create');
  await expect(page.getByTestId('plan-step-volume').getByTestId('plan-rest')).toContainText(String(2 * 1024 ** 3));
  await expect(page.getByTestId('wiz-bucket')).toHaveValue('tyre-new');
  await page.getByTestId('wiz-back').click();
  await page.getByTestId('wiz-volume-existing').check();
  await page.getByTestId('wiz-next').click();
  await page.getByTestId('wiz-bucket').fill('tyre-data');
  await expect(page.getByTestId('plan-step-bucket')).toHaveAttribute('data-action', 'create');
  await page.getByTestId('wiz-next').click();
  await expect(page.getByTestId('wizard-step-run')).not.toHaveAttribute('data-run-state', 'running', { timeout: 60_000 });
  // A failure in the log links to the entry that explains it; going back returns to the wizard where it was.
  await page.getByTestId('setup-log').locator('[data-troubleshoot="access-denied"]').first().click();
  await expect(page.getByTestId('trouble-access-denied')).toHaveAttribute('aria-current', 'true');
  await page.goBack();
  await expect(page.getByTestId('wizard-step-run')).toBeVisible();
  // Back to the plan: the same choices are now all reuses.
  await page.getByTestId('wiz-back').click();
  for (const id of ['server', 'user', 'group', 'bucket']) {
    await expect(page.getByTestId(`plan-step-${id}`)).toHaveAttribute('data-action', 'reuse');
  }
  await shoot(page, 'wizard-2-plan-reuse');
});
