import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { setUpLabS3 } from './lab-s3';
import { shoot } from './screens';

test.setTimeout(300_000);

const SAMPLE = 'Tyre quality (synthetic sample)';

/** Runs the S3 wizard on vol1 (bucket tyre-data, permission fix applied) and reads the keys from the revealed profile. */
async function labS3Keys(page: Page): Promise<{ endpoint: string; accessKeyId: string; secretAccessKey: string }> {
  await setUpLabS3(page);
  await page.getByTestId('wiz-next').click();
  await page.getByTestId('secret-reveal').click();
  // The snippet shows the secret only once the reveal answered.
  await expect(page.getByTestId('secret-hide')).toBeVisible();
  const cli = (await page.getByTestId('snippet-aws-cli').locator('code').textContent()) ?? '';
  return {
    endpoint: /--endpoint-url (\S+)/.exec(cli)?.[1] ?? '',
    accessKeyId: /aws_access_key_id (\S+)/.exec(cli)?.[1] ?? '',
    secretAccessKey: /aws_secret_access_key (\S+)/.exec(cli)?.[1] ?? '',
  };
}

/** The versions page with the sample's volume shown. */
async function openVersions(page: Page, url: string) {
  await page.goto(url + '#/versions');
  await expect(page.getByTestId('page-versions')).toBeVisible();
  await expect(page.getByTestId('versions-volume')).toContainText('vol1', { timeout: 120_000 });
  await expect(page.getByTestId('versions-dataset').locator('option:checked')).toHaveText(SAMPLE);
}

const row = (page: Page, name: string) => page.locator(`[data-testid="snapshot-row"][data-name="${name}"]`);

test('snapshot the sample, change it through S3, compare, restore, clone a workspace and follow its lineage', async ({
  page,
  workbench,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openVersions(page, workbench.url);
  await expect(page.getByTestId('no-snapshots')).toBeVisible({ timeout: 30_000 });

  // 1. Take a snapshot: the name is prefilled wb-<dataset>-<UTC time>; a comment is added.
  await page.getByTestId('take-snapshot').click();
  const nameField = page.getByTestId('snapshot-name');
  await expect(nameField).toBeFocused();
  const snapshot = await nameField.inputValue();
  expect(snapshot).toMatch(/^wb-tyre-quality-synthetic-sample-\d{8}T\d{6}Z$/);
  await page.getByTestId('snapshot-comment').fill('Tuesday’s data');
  await page.keyboard.press('Enter');
  await expect(row(page, snapshot)).toContainText('Tuesday’s data', { timeout: 30_000 });
  await expect(page.getByTestId('versions-job')).toContainText(`Snapshot ${snapshot} taken`);
  await shoot(page, 'versions-snapshot');

  // 2. Change the live data through S3: one file rewritten, one deleted, one added.
  const keys = await labS3Keys(page);
  const s3 = new S3Client({ endpoint: keys.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: keys });
  try {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'tyre-data', Prefix: 'dataset/tyre/good', MaxKeys: 2 }));
    const [first, second] = (listed.Contents ?? []).map((o) => o.Key!);
    await s3.send(new PutObjectCommand({ Bucket: 'tyre-data', Key: first, Body: 'relabelled by hand' }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'tyre-data', Key: second }));
    await s3.send(new PutObjectCommand({ Bucket: 'tyre-data', Key: 'dataset/tyre/notes/new-batch.txt', Body: 'batch 2' }));

    // 3. Compare the snapshot with the live data: exactly those three files.
    await openVersions(page, workbench.url);
    await expect(row(page, snapshot)).toBeVisible();
    await page.getByTestId('compare-from').selectOption(snapshot);
    await page.getByTestId('compare-to').selectOption('');
    await page.getByTestId('compare-run').click();
    await expect(page.getByTestId('change-counts')).toContainText('1 added · 1 removed · 1 changed');
    const changes = page.getByTestId('compare-result').getByTestId('file-change');
    await expect(changes).toHaveCount(3);
    await expect(page.getByTestId('compare-result')).toContainText(first!.replace('dataset/tyre/', ''));
    await expect(page.getByTestId('compare-result')).toContainText('notes/new-batch.txt');
    await shoot(page, 'versions-compare');

    // 4. Restore: the dialog lists what will be lost; the typed name confirms.
    await row(page, snapshot).getByTestId('snapshot-restore').click();
    const restore = page.getByTestId('restore-dialog');
    await expect(restore.getByTestId('restore-preview')).toContainText('Files changed since the snapshot (3)');
    await expect(restore.getByTestId('restore-files').getByTestId('file-change')).toHaveCount(3);
    await expect(restore.getByTestId('restore-submit')).toBeDisabled();
    await shoot(page, 'versions-restore');
    await restore.getByTestId('typed-confirm').fill(snapshot);
    await restore.getByTestId('restore-submit').click();
    await expect(page.getByTestId('versions-job')).toContainText(`vol1 restored to ${snapshot}`, { timeout: 60_000 });
    const body = await s3.send(new ListObjectsV2Command({ Bucket: 'tyre-data', Prefix: 'dataset/tyre/notes/' }));
    expect(body.KeyCount ?? 0).toBe(0);
    await page.getByTestId('compare-run').click();
    await expect(page.getByTestId('change-counts')).toContainText('0 added · 0 removed · 0 changed');
  } finally {
    s3.destroy();
  }

  // 5. Clone last snapshot into a writable workspace with its own bucket; the lineage links both ways.
  await row(page, snapshot).getByTestId('snapshot-clone').click();
  const clone = page.getByTestId('clone-dialog');
  await clone.getByTestId('clone-name').fill('tyre_tuesday');
  await clone.getByTestId('clone-junction').fill('/tyre_tuesday');
  await clone.getByTestId('clone-with-bucket').check();
  await clone.getByTestId('clone-bucket').fill('tyre-tuesday');
  await clone.getByTestId('clone-submit').click();
  await expect(page.locator('[data-testid="clone-row"][data-name="tyre_tuesday"]')).toBeVisible({ timeout: 60_000 });
  await expect(row(page, snapshot).getByTestId('snapshot-used-by')).toHaveText('1 clone');
  await row(page, snapshot).getByRole('button', { name: snapshot }).click();
  await expect(page.getByTestId('lineage-snapshot')).toHaveText(snapshot);
  await expect(page.getByTestId('lineage-clone')).toHaveText('tyre_tuesday');
  await shoot(page, 'versions-lineage');
  await page.getByTestId('lineage-clone').click();
  await expect(page.getByTestId('lineage-parent')).toContainText(`vol1 @ ${snapshot}`, { timeout: 30_000 });
  await expect(page.getByTestId('versions-volume')).toContainText('tyre_tuesday');
  await page.getByTestId('lineage-parent-link').click();
  await expect(page.getByTestId('versions-volume')).toContainText('vol1');
  await expect(page.getByTestId('lineage-snapshot')).toHaveText(snapshot, { timeout: 30_000 });
  // Back returns to the clone; a link naming the volume and snapshot (as runs and models make) opens its lineage.
  await page.goBack();
  await expect(page.getByTestId('versions-volume')).toContainText('tyre_tuesday');
  await page.goto(`${workbench.url}#/versions/${encodeURIComponent(`local-lab/svm1/vol1@${snapshot}`)}`);
  await expect(page.getByTestId('versions-volume')).toContainText('vol1', { timeout: 30_000 });
  await expect(page.getByTestId('lineage-snapshot')).toHaveText(snapshot, { timeout: 30_000 });

  // 6. Deleting the snapshot is refused while the clone depends on it; the clone is deleted by typing its name.
  await row(page, snapshot).getByTestId('snapshot-delete').click();
  await expect(page.getByTestId('delete-snapshot-dialog')).toContainText('Clone tyre_tuesday depends on it');
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="clone-row"][data-name="tyre_tuesday"]').getByTestId('clone-delete').click();
  await page.getByTestId('clone-action-dialog').getByTestId('typed-confirm').fill('tyre_tuesday');
  await page.getByTestId('clone-action-submit').click();
  await expect(page.getByTestId('no-clones')).toBeVisible({ timeout: 60_000 });
  expect(errors).toEqual([]);
});
