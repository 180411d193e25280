// Prints the test command's last line, "summary: N passed, N failed, N skipped", from vitest's and
// Playwright's JSON reports. A stage that failed without a test failing (lint, typecheck, a crash)
// counts as a failure too, and a run that executed no test fails.
import { existsSync, readFileSync } from 'node:fs';

const [vitestFile, e2eFile, ...failedStages] = process.argv.slice(2);
const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
let passed = 0;
let failed = 0;
let skipped = 0;
const skipReasons = [];

const vitest = read(vitestFile);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + vitest.numTodoTests;
  console.log(`vitest: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed, ${vitest.numPendingTests} skipped`);
}

const e2e = read(e2eFile);
if (e2e) {
  const s = e2e.stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  skipped += s.skipped;
  console.log(`playwright: ${s.expected + s.flaky} passed, ${s.unexpected} failed, ${s.skipped} skipped`);
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        for (const a of t.annotations ?? []) if (a.type === 'skip') skipReasons.push(`${spec.title}: ${a.description}`);
      }
    }
    (suite.suites ?? []).forEach(walk);
  };
  (e2e.suites ?? []).forEach(walk);
}

for (const reason of skipReasons) console.log(`skipped — ${reason}`);
const stageFailuresWithoutTests = failedStages.filter(
  (s) => !(s.startsWith('unit') && vitest?.numFailedTests) && !(s.startsWith('end-to-end') && e2e?.stats.unexpected),
);
for (const s of failedStages) console.log(`stage failed: ${s}`);
failed += stageFailuresWithoutTests.length;
if (passed + failed === 0) {
  console.log('no test ran');
  failed = 1;
}
console.log(`summary: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
