import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Runs the S3 wizard on the lab's vol1 with its defaults (bucket tyre-data) and applies the permission fix (unless told not to). */
export async function setUpLabS3(page: Page, options: { applyFix?: boolean } = {}): Promise<void> {
  await page.getByTestId('nav-storage').click();
  await page.getByTestId('open-s3-setup').click();
  await expect(page.getByTestId('wiz-volume')).toHaveValue('vol1', { timeout: 60_000 });
  await page.getByTestId('wiz-next').click();
  await page.getByTestId('wiz-bucket').fill('tyre-data');
  await expect(page.getByTestId('plan-loading')).toHaveCount(0);
  await page.getByTestId('wiz-next').click();
  await expect(page.getByTestId('wizard-step-run')).toHaveAttribute('data-run-state', 'needs-attention', { timeout: 60_000 });
  await page.getByTestId('wiz-next').click();
  if (options.applyFix === false) return;
  await page.getByTestId('permission-fix').getByTestId('fix-apply').click();
  await expect(page.getByTestId('wizard-step-result')).toHaveAttribute('data-writable', 'true', { timeout: 60_000 });
}
