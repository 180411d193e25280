import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { setUpLabS3 } from './lab-s3';
import { shoot } from './screens';

test.setTimeout(240_000);

const SAMPLE = 'Tyre quality (synthetic sample)';

/** The Datasets page once the lab runs and its sample dataset is registered. */
async function openDatasets(page: Page, url: string) {
  await page.goto(url + '#/datasets');
  await expect(page.getByTestId('page-datasets')).toBeVisible();
  const card = page.getByTestId('dataset-card').filter({ hasText: SAMPLE });
  await expect(card).toBeVisible({ timeout: 120_000 });
  return card;
}

const md5 = (path: string) => createHash('md5').update(readFileSync(path)).digest('hex');

test('the sample dataset: summary with class counts, thumbnails, keyboard browsing, filter and the label preview', async ({
  page,
  workbench,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const card = await openDatasets(page, workbench.url);

  // The card says it is synthetic and counts the classes: defective and good, each with a bar.
  await expect(card.getByTestId('synthetic-badge')).toBeVisible();
  await expect(card.getByTestId('dataset-summary')).toBeVisible({ timeout: 60_000 });
  const defective = card.locator('[data-testid="class-count"][data-class="defective"]');
  const good = card.locator('[data-testid="class-count"][data-class="good"]');
  await expect(defective).toBeVisible();
  await expect(good).toBeVisible();
  const counts = [Number(await defective.getAttribute('data-count')), Number(await good.getAttribute('data-count'))];
  expect(counts[0]).toBeGreaterThan(0);
  expect(counts[1]).toBeGreaterThan(0);
  await expect(card.getByTestId('summary-objects')).toContainText(/\d/);
  await expect(card.getByTestId('summary-sizes')).toContainText('256×256');

  // Its folder source is open: folders first, then images with thumbnails drawn for the visible rows only.
  await card.getByTestId('dataset-browse').click();
  const list = page.getByTestId('object-list');
  await expect(list.getByTestId('object-row').first()).toBeVisible();
  await expect(list.getByTestId('row-thumbnail').first()).toBeVisible();
  const drawn = await list.getByTestId('object-row').count();
  expect(drawn).toBeLessThan(80); // virtualized: hundreds of files, a screenful of rows in the DOM
  await shoot(page, 'datasets-sample');

  // Keyboard: focus the list, move down, the details pane follows with a preview.
  const third = (await list.getByTestId('object-row').nth(2).getAttribute('data-key')) ?? '';
  await list.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const details = page.getByTestId('details');
  await expect(details).toHaveAttribute('data-key', third);
  // The first page is 1,000 keys; End goes to the last loaded row, which loads the next page as it nears the end.
  await expect(page.getByTestId('list-foot')).toContainText('more load as you scroll');
  await page.keyboard.press('End');
  await expect(page.getByTestId('list-foot')).toContainText('all loaded');
  await expect(list).toHaveAttribute('data-count', (await card.getByTestId('summary-objects').getAttribute('data-count')) ?? '');
  await page.getByTestId('browse-filter').fill('good_');
  await expect(list.getByTestId('object-row').first()).toHaveAttribute('data-key', 'good_0001.jpg'); // back at the top
  await expect(page.getByTestId('list-foot')).toContainText('matching');
  await list.getByTestId('object-row').first().click();
  await expect(details.getByTestId('details-thumbnail')).toBeVisible();
  await shoot(page, 'datasets-details');

  // Register: the leading-word rule previews the classes on the loaded names; a bad regex is refused before sending.
  await page.getByTestId('browse-filter').fill('');
  await page.getByTestId('open-register').click();
  const form = page.getByTestId('register-form');
  await expect(form.getByTestId('label-preview').locator('[data-class="defective"]')).toBeVisible();
  await form.getByTestId('rule-regex').check();
  await form.getByTestId('rule-pattern').fill('^(good|defective');
  await expect(form.getByTestId('register-save')).toBeDisabled();
  await form.getByTestId('rule-pattern').fill('^(good|defective)_');
  await expect(form.getByTestId('label-preview').locator('[data-class="good"]')).toBeVisible();
  await form.getByTestId('register-name').fill('Tyres by regex');
  await shoot(page, 'datasets-register');
  await form.getByTestId('register-save').click();
  const mine = page.getByTestId('dataset-card').filter({ hasText: 'Tyres by regex' });
  await expect(mine.locator('[data-testid="class-count"][data-class="good"]')).toHaveAttribute('data-count', String(counts[1]), {
    timeout: 60_000,
  });
  expect(errors).toEqual([]);
});

test('download the sample over S3: progress in Activity, Cancel leaves no partial file, then a download that completes', async ({
  page,
  workbench,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const downloads = mkdtempSync(join(tmpdir(), 'workbench-dl-'));
  try {
    await openDatasets(page, workbench.url);
    const folder = (await page.getByTestId('source').filter({ hasText: 'Local lab' }).getAttribute('title')) ?? '';
    expect(folder).toMatch(/dataset\/tyre$/);
    await setUpLabS3(page);

    // The wizard's profile is now an S3 source: open it and walk to dataset/tyre/ by keyboard.
    await page.getByTestId('nav-datasets').click();
    await page.locator('[data-testid="source"][data-source-kind="s3"]').click();
    const list = page.getByTestId('object-list');
    await expect(list.getByTestId('folder-row').first()).toHaveAttribute('data-key', 'dataset/');
    await list.focus();
    await page.keyboard.press('Enter');
    await expect(list.getByTestId('folder-row').first()).toHaveAttribute('data-key', 'dataset/tyre/');
    await page.keyboard.press('Enter');
    await expect(list.getByTestId('row-thumbnail').first()).toBeVisible();
    await expect(page.getByTestId('breadcrumb')).toContainText('tyre');
    await page.keyboard.press('Backspace');
    await expect(list.getByTestId('folder-row').first()).toHaveAttribute('data-key', 'dataset/tyre/');
    await page.keyboard.press('Enter');
    await expect(list.getByTestId('object-row').first()).toBeVisible();
    await shoot(page, 'datasets-s3-browse');

    // A download one file at a time, so it runs long enough to be watched and cancelled.
    const first = join(downloads, 'cancelled');
    await page.getByTestId('open-download').click();
    await page.getByTestId('download-destination').fill(first);
    await page.getByTestId('transfer-concurrency').fill('1');
    await page.getByTestId('download-start').click();
    const job = page.getByTestId('activity').locator('[data-testid="job"][data-job-kind="transfers.download"]').first();
    await expect(job).toHaveAttribute('data-job-state', 'running');
    await expect(job.getByRole('progressbar')).toBeVisible();
    await expect(job).toContainText(/of \d/); // bytes done of the total
    await shoot(page, 'datasets-download-running');
    await job.getByTestId('job-cancel').click();
    await expect(job).toHaveAttribute('data-job-state', 'cancelled');
    await expect(page.getByTestId('transfer-cancelled')).toBeVisible();
    // Every file under its final name is whole: byte for byte the lab's original; anything else is a .part- file.
    const kept = readdirSync(first).filter((n) => !n.includes('.part-'));
    expect(kept.length).toBeLessThan(readdirSync(folder).length);
    for (const name of kept) expect(md5(join(first, name)), name).toBe(md5(join(folder, name)));
    await shoot(page, 'datasets-download-cancelled');

    // The same prefix into a fresh folder, with the default parallelism: it completes, every file verified.
    await page.getByTestId('download-form').getByRole('button', { name: 'Close' }).click();
    const second = join(downloads, 'complete');
    await page.getByTestId('open-download').click();
    await page.getByTestId('download-destination').fill(second);
    await page.getByTestId('download-start').click();
    await expect(page.getByTestId('transfer-done')).toBeVisible({ timeout: 120_000 });
    const done = page
      .getByTestId('activity')
      .locator('[data-testid="job"][data-job-state="succeeded"][data-job-kind="transfers.download"]');
    await expect(done).toHaveCount(1);
    const files = readdirSync(second);
    expect(files.filter((n) => n.includes('.part-'))).toEqual([]);
    expect(files.sort()).toEqual(readdirSync(folder).sort());
    for (const name of files.filter((_, i) => i % 97 === 0)) expect(md5(join(second, name)), name).toBe(md5(join(folder, name)));
    await shoot(page, 'datasets-download-done');

    // Cache this prefix: the gauge counts it and the version is listed; Uncache drops it.
    await expect(page.getByTestId('cache-empty')).toBeVisible();
    await page.getByTestId('open-cache').click();
    const version = page.getByTestId('cache-version');
    await expect(version).toHaveAttribute('data-complete', 'true', { timeout: 120_000 });
    await expect(version).toContainText('tyre-data/dataset/tyre/');
    await expect(page.getByTestId('cache-used')).not.toHaveText('0 B');
    await shoot(page, 'datasets-cached');
    await version.getByTestId('cache-uncache').click();
    await expect(page.getByTestId('cache-empty')).toBeVisible();
    await expect(page.getByTestId('cache-used')).toHaveText('0 B');

    // Upload a folder by typing its path (browser mode has no file dialog) into the bucket's top: it lists once done.
    const upload = join(downloads, 'new-images');
    mkdirSync(upload);
    writeFileSync(join(upload, 'good_9999.jpg'), readFileSync(join(folder, 'good_0001.jpg')));
    await page.getByTestId('download-form').getByRole('button', { name: 'Close' }).click();
    await list.focus();
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await expect(list.getByTestId('folder-row').first()).toHaveAttribute('data-key', 'dataset/');
    await page.getByTestId('open-upload').click();
    await page.getByTestId('upload-paths').fill(upload);
    await page.getByTestId('upload-start').click();
    await expect(page.getByTestId('transfer-done')).toBeVisible({ timeout: 60_000 });
    await expect(list.locator('[data-key="new-images/"]')).toBeVisible();
    await shoot(page, 'datasets-uploaded');
    expect(errors).toEqual([]);
  } finally {
    rmSync(downloads, { recursive: true, force: true });
  }
});

test('an upload refused with AccessDenied says why and leads to the permission fix; after it the same upload succeeds', async ({
  page,
  workbench,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const upload = mkdtempSync(join(tmpdir(), 'workbench-up-'));
  try {
    const card = await openDatasets(page, workbench.url);
    const folder = (await page.getByTestId('source').filter({ hasText: 'Local lab' }).getAttribute('title')) ?? '';
    writeFileSync(join(upload, 'good_9999.jpg'), readFileSync(join(folder, 'good_0001.jpg')));
    expect(await card.count()).toBe(1);
    // The wizard's write test fails at the volume's 755 permissions; the user leaves without the fix.
    await setUpLabS3(page, { applyFix: false });
    await expect(page.getByTestId('permission-fix')).toBeVisible();

    await page.getByTestId('nav-datasets').click();
    await page.locator('[data-testid="source"][data-source-kind="s3"]').click();
    const list = page.getByTestId('object-list');
    await expect(list.getByTestId('folder-row').first()).toHaveAttribute('data-key', 'dataset/');
    await page.getByTestId('open-upload').click();
    await page.getByTestId('upload-paths').fill(upload);
    await page.getByTestId('upload-start').click();
    const error = page.getByTestId('transfer-error');
    await expect(error).toBeVisible({ timeout: 60_000 });
    await expect(error).toContainText(/AccessDenied|denied/i);
    await shoot(page, 'datasets-upload-access-denied');

    // The link opens the wizard's result, which shows the fix before applying it; then the same upload goes through.
    await page.getByTestId('transfer-fix-link').getByRole('link').click();
    await page.getByTestId('permission-fix').getByTestId('fix-apply').click();
    await expect(page.getByTestId('wizard-step-result')).toHaveAttribute('data-writable', 'true', { timeout: 60_000 });
    await page.getByTestId('nav-datasets').click();
    await page.locator('[data-testid="source"][data-source-kind="s3"]').click();
    await page.getByTestId('open-upload').click();
    await page.getByTestId('upload-paths').fill(upload);
    await page.getByTestId('upload-start').click();
    await expect(page.getByTestId('transfer-done')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('object-list').locator(`[data-key="${upload.split('/').pop()}/"]`)).toBeVisible();
    expect(errors).toEqual([]);
  } finally {
    rmSync(upload, { recursive: true, force: true });
  }
});

test.describe('without the lab', () => {
  test.use({ workbenchEnv: { WORKBENCH_LAB: 'off' } });

  test('no source says what to do first; a hand-entered endpoint is checked and its failure explained; a local folder browses', async ({
    page,
    workbench,
  }) => {
    const folder = mkdtempSync(join(tmpdir(), 'workbench-folder-'));
    try {
      for (const name of ['scratch_01.txt', 'dent_02.txt', 'notes.md']) writeFileSync(join(folder, name), name);
      writeFileSync(join(folder, 'broken_03.jpg'), ''); // named as an image, but empty
      await page.goto(workbench.url + '#/datasets');
      await expect(page.getByTestId('datasets-empty')).toContainText('Run the S3 setup wizard on Storage');
      await shoot(page, 'datasets-empty');

      // An http:// endpoint needs "Allow plain HTTP" ticked; the problem shows under the form.
      await page.getByTestId('add-s3').click();
      await page.getByTestId('s3-name').fill('Nowhere');
      await page.getByTestId('s3-endpoint').fill('http://127.0.0.1:9');
      await page.getByTestId('s3-key-id').fill('AKIDEXAMPLE');
      await page.getByTestId('s3-secret').fill('not-a-real-secret');
      await page.getByTestId('s3-save').click();
      await expect(page.getByTestId('add-s3-form')).toContainText('Allow HTTP');
      await shoot(page, 'datasets-add-s3-error');
      await page.getByTestId('s3-allow-http').check();
      await page.getByTestId('s3-save').click();
      await expect(page.getByTestId('add-s3-form')).toHaveCount(0);
      // Nothing answers on that port: listing its buckets fails with what happened and what to do.
      await page.locator('[data-testid="source"][data-source-name="Nowhere"]').click();
      await expect(page.getByTestId('browse-error')).toBeVisible({ timeout: 60_000 });
      await shoot(page, 'datasets-s3-unreachable');

      await page.getByTestId('add-folder').click();
      await page.getByTestId('folder-path').fill(folder);
      await page.getByTestId('folder-save').click();
      await page.locator('[data-testid="source"][data-source-kind="folder"]').click();
      const list = page.getByTestId('object-list');
      await expect(list).toHaveAttribute('data-count', '4');
      // An image that cannot be decoded says so instead of loading forever.
      await list.locator('[data-testid="object-row"][data-key="broken_03.jpg"]').click();
      await expect(page.getByTestId('details-no-preview')).toContainText('broken_03.jpg could not be decoded as an image');
      await page.getByTestId('sort-name').click(); // descending
      await expect(list.getByTestId('object-row').first()).toHaveAttribute('data-key', 'scratch_01.txt');
      await page.getByTestId('sort-size').click();
      await expect(page.getByTestId('sort-size')).toHaveAttribute('aria-pressed', 'true');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
