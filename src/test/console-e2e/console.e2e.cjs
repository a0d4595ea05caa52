// Drives the swfd web console in headless Chromium (Debian's package) with playwright-core.
// Run by io.swfd.console.ConsoleBrowserTest, which starts swfd, runs DemoWorkflow and passes:
//   SWFD_URL, ACCESS_KEY, SECRET_KEY (the server checks signatures), COMPLETED_RUN, OPEN_RUN,
//   SCREENSHOT_DIR, CHROMIUM (default /usr/bin/chromium).
// Prints "ok <check>" per check; exits non-zero at the first failure.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const env = (k, d) => process.env[k] || d;
const URL = env('SWFD_URL');
const SHOTS = env('SCREENSHOT_DIR', '.');
const step = (name) => console.log('ok ' + name);

async function expectText(locator, text, what) {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 15000 }).catch(() => {
    throw new Error(`${what}: "${text}" not shown`);
  });
}

(async () => {
  // playwright starts chromium on a new, empty profile (user data dir) of its own
  const browser = await chromium.launch({
    executablePath: env('CHROMIUM', '/usr/bin/chromium'),
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const consoleErrors = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.on('pageerror', (e) => consoleErrors.push('page error: ' + e.message));
    page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) consoleErrors.push(m.text()); });

    // 1. the server checks signatures: the console must ask for a key, then sign with it
    await page.goto(URL + '/console/');
    const dialog = page.getByRole('dialog', { name: 'Sign in' });
    await dialog.waitFor({ timeout: 15000 });
    await expectText(page.locator('.error'), 'UnrecognizedClientException', 'the refused anonymous call');
    await page.screenshot({ path: path.join(SHOTS, 'console-signin.png') });
    await dialog.getByLabel('Access key ID').fill(env('ACCESS_KEY'));
    await dialog.getByLabel('Secret access key').fill('wrong-secret');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await expectText(page.locator('.error'), 'InvalidSignatureException', 'a wrong secret');
    step('a wrong secret is refused (InvalidSignatureException)');
    await page.getByRole('dialog', { name: 'Sign in' }).waitFor({ timeout: 15000 }).catch(async () => {
      await page.getByRole('button', { name: 'Sign in with another key' }).first().click();
    });
    const again = page.getByRole('dialog', { name: 'Sign in' });
    await again.getByLabel('Secret access key').fill(env('SECRET_KEY'));
    await again.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#domains').waitFor({ timeout: 15000 });
    await expectText(page.locator('#who'), env('ACCESS_KEY'), 'the signed-in key');
    step('signs in and lists domains with SigV4 signed calls');

    // 2. domains -> the domain's closed executions, with a filter
    await expectText(page.locator('#domains td'), 'Web shop orders', 'the domain description');
    await page.screenshot({ path: path.join(SHOTS, 'console-domains.png') });
    await page.locator('#domains a', { hasText: 'orders' }).first().click();
    await page.locator('#executions').waitFor();
    await expectText(page.locator('#executions'), 'order-1003', 'open executions');
    await expectText(page.locator('#executions'), 'order-1004', 'open executions');
    step('open executions');
    await page.locator('.tabs a', { hasText: 'Closed' }).click();
    await expectText(page.locator('#executions'), 'order-1002', 'closed executions');
    await page.locator('#filters select[name=closeStatus]').selectOption('FAILED');
    await page.locator('#filters button[type=submit]').click();
    await page.waitForFunction(() => !document.querySelector('#executions') || !document.querySelector('#executions').textContent.includes('order-1001'));
    await expectText(page.locator('#executions'), 'order-1002', 'the FAILED filter');
    await expectText(page.locator('#count'), '1 closed execution', 'the count with the filter');
    step('closed executions, filtered by close status (with the count)');
    await page.locator('#filters button', { hasText: 'Clear' }).click();
    await expectText(page.locator('#executions'), 'order-1001', 'closed executions after clearing');
    await page.screenshot({ path: path.join(SHOTS, 'console-executions.png') });

    // 3. the finished workflow's timeline
    await page.locator('#executions a', { hasText: 'order-1001' }).click();
    await page.locator('#timeline').waitFor();
    const timeline = page.locator('#timeline');
    for (const label of ['charge-card', 'ship-order', 'send-receipt', 'ship-order-2', 'timer retry-shipping', 'Decision tasks']) {
      await expectText(timeline.locator('.tl-label'), label, 'timeline row');
    }
    await expectText(timeline.locator('.tl-bar.timeout'), 'timed out: HEARTBEAT', 'the timed-out activity');
    await expectText(timeline.locator('.tl-bar.bad'), 'failed', 'the failed activity');
    if (await timeline.locator('.tl-point.signal').count() < 1) throw new Error('no signal on the timeline');
    const events = page.locator('#events');
    for (const t of ['WorkflowExecutionStarted', 'ActivityTaskScheduled', 'ActivityTaskStarted', 'ActivityTaskCompleted',
      'ActivityTaskFailed', 'ActivityTaskTimedOut', 'TimerStarted', 'TimerFired', 'MarkerRecorded', 'WorkflowExecutionSignaled',
      'WorkflowExecutionCompleted']) {
      await expectText(events.locator('td.type'), t, 'history');
    }
    const bad = await events.locator('tr.ev-bad td.type').allTextContents();
    if (!bad.includes('ActivityTaskTimedOut') || !bad.includes('ActivityTaskFailed')) throw new Error('failures not highlighted: ' + bad);
    await expectText(events.locator('tr.ev-bad'), 'rendering template', 'the last heartbeat details');
    await expectText(page.locator('#activities'), 'timed out (HEARTBEAT)', 'the activities table');
    await expectText(page.locator('#activities'), 'rendering template', 'heartbeat details in the activities table');
    step('the timeline and history of a finished workflow');
    await timeline.scrollIntoViewIfNeeded();
    await timeline.screenshot({ path: path.join(SHOTS, 'console-timeline.png') });
    await page.screenshot({ path: path.join(SHOTS, 'console-execution.png'), fullPage: true });
    // clicking a bar highlights its events
    await timeline.locator('.tl-bar.timeout').first().click();
    await expectText(page.locator('tr.highlight td.type'), 'ActivityTaskTimedOut', 'the clicked bar\'s events');
    step('screenshots saved; a click on a bar highlights its events');

    // 4. operator actions on the open execution
    await page.goto(URL + '/console/#/domain/orders/execution/order-1003/' + encodeURIComponent(env('OPEN_RUN')));
    await page.locator('#actions').waitFor();
    await page.getByRole('button', { name: 'Signal…' }).click();
    const sig = page.getByRole('dialog', { name: 'Signal the execution' });
    await sig.getByLabel('Signal name').fill('address-changed');
    await sig.getByLabel('Input (optional)').fill('{"zip": "10115"}');
    await sig.getByRole('button', { name: 'Send signal' }).click();
    await expectText(page.locator('#events td.type'), 'WorkflowExecutionSignaled', 'the signal');
    await expectText(page.locator('#events'), 'address-changed', 'the signal name');
    step('signal');
    await page.getByRole('button', { name: 'Request cancel…' }).click();
    await page.getByRole('dialog', { name: 'Request cancellation' }).getByRole('button', { name: 'Request cancel' }).click();
    await expectText(page.locator('#events td.type'), 'WorkflowExecutionCancelRequested', 'the cancel request');
    await expectText(page.locator('h1 .badge'), 'cancel requested', 'the status');
    step('request cancel');
    await page.getByRole('button', { name: 'Terminate…' }).click();
    const term = page.getByRole('dialog', { name: 'Terminate the execution' });
    await term.getByLabel('Reason (optional)').fill('duplicate order');
    await term.getByRole('button', { name: 'Terminate' }).click();
    await expectText(page.locator('h1 .badge'), 'TERMINATED', 'the status after terminating');
    await expectText(page.locator('#events tr.ev-bad'), 'duplicate order', 'the termination reason');
    step('terminate');

    // 5. pending tasks per task list
    await page.goto(URL + '/console/#/domain/orders/tasks');
    await page.locator('#tasklists').waitFor();
    const rowOf = (name) => page.locator('#tasklists tr', { has: page.locator('td.mono', { hasText: new RegExp('^' + name + '$') }) });
    const pending = async (name) => (await rowOf(name).locator('td.num .badge').textContent()).trim();
    if (await pending('order-work') !== '1') throw new Error('order-work: ' + await pending('order-work') + ' pending, expected 1');
    if (await pending('order-decisions') !== '0') throw new Error('order-decisions: ' + await pending('order-decisions') + ' pending, expected 0');
    await page.screenshot({ path: path.join(SHOTS, 'console-tasks.png') });
    step('pending tasks per task list');

    // 6. a history downloaded as JSON: every event, as GetWorkflowExecutionHistory gives them
    await page.goto(URL + '/console/#/domain/orders/execution/order-1001/' + encodeURIComponent(env('COMPLETED_RUN')));
    await page.locator('#events').waitFor();
    const shown = Number((await page.locator('h2', { hasText: 'History (' }).textContent()).match(/\((\d+) events\)/)[1]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-history').click()]);
    const saved = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    if (!download.suggestedFilename().startsWith('order-1001-') || !download.suggestedFilename().endsWith('-history.json')) {
      throw new Error('download file name: ' + download.suggestedFilename());
    }
    if (!Array.isArray(saved.events) || saved.events.length !== shown) {
      throw new Error(`downloaded ${saved.events && saved.events.length} events, the page shows ${shown}`);
    }
    if (saved.events[0].eventType !== 'WorkflowExecutionStarted' || saved.events[shown - 1].eventType !== 'WorkflowExecutionCompleted'
      || !saved.events[0].workflowExecutionStartedEventAttributes.input.includes('1001')) {
      throw new Error('downloaded history: ' + JSON.stringify(saved.events[0]).slice(0, 300));
    }
    step(`download a history as JSON (${shown} events, ${download.suggestedFilename()})`);

    // 7. find an execution by workflow id across domains (order-1001 is in orders and in returns)
    await page.locator('#find-id').fill(env('FIND_ID', 'order-1001'));
    await page.locator('#find-id').press('Enter');
    await page.locator('#found').waitFor();
    await expectText(page.locator('#found td'), 'returns', 'the execution in the second domain');
    const foundDomains = (await page.locator('#found tbody tr td:first-child').allTextContents()).sort();
    if (JSON.stringify(foundDomains) !== JSON.stringify(['orders', 'returns'])) throw new Error('found in: ' + foundDomains);
    await expectText(page.locator('#found tr', { hasText: 'returns' }), 'OPEN', 'the open one');
    await expectText(page.locator('#found tr', { hasText: 'orders' }), 'COMPLETED', 'the completed one');
    await page.screenshot({ path: path.join(SHOTS, 'console-find.png') });
    await page.locator('#found tr', { hasText: 'returns' }).locator('a', { hasText: 'order-1001' }).click();
    await expectText(page.locator('#crumbs'), 'returns', 'the found execution\'s domain');
    await expectText(page.locator('.facts'), 'ProcessReturn 1', 'the found execution\'s type');
    step('find an execution by workflow ID across domains');

    // 8. types with their defaults; deprecate and undeprecate
    await page.goto(URL + '/console/#/domain/orders/types');
    await page.locator('#workflow-types').waitFor();
    const wfRow = page.locator('#workflow-types tr[data-type="ProcessOrder 1"]');
    for (const t of ['order-decisions', 'TERMINATE', '1d', '1m', 'REGISTERED']) await expectText(wfRow, t, 'ProcessOrder\'s defaults');
    const charge = page.locator('#activity-types tr[data-type="ChargeCard 1"]');
    for (const t of ['order-work', '1h', '2h', 'none']) await expectText(charge, t, 'ChargeCard\'s defaults');
    await page.screenshot({ path: path.join(SHOTS, 'console-types.png'), fullPage: true });
    const email = page.locator('#activity-types tr[data-type="SendEmail 1"]');
    await email.getByRole('button', { name: 'Deprecate…' }).click();
    await page.getByRole('dialog', { name: 'Deprecate SendEmail 1' }).getByRole('button', { name: 'Deprecate' }).click();
    await expectText(email.locator('.badge'), 'DEPRECATED', 'the deprecated activity type');
    await email.getByRole('button', { name: 'Undeprecate…' }).click();
    await page.getByRole('dialog', { name: 'Undeprecate SendEmail 1' }).getByRole('button', { name: 'Undeprecate' }).click();
    await expectText(email.locator('.badge'), 'REGISTERED', 'the undeprecated activity type');
    await wfRow.getByRole('button', { name: 'Deprecate…' }).click();
    await page.getByRole('dialog', { name: 'Deprecate ProcessOrder 1' }).getByRole('button', { name: 'Deprecate' }).click();
    await expectText(wfRow.locator('.badge'), 'DEPRECATED', 'the deprecated workflow type');
    if (await wfRow.getByRole('button', { name: 'Start…' }).count() !== 0) throw new Error('a deprecated type offers Start');
    await wfRow.getByRole('button', { name: 'Undeprecate…' }).click();
    await page.getByRole('dialog', { name: 'Undeprecate ProcessOrder 1' }).getByRole('button', { name: 'Undeprecate' }).click();
    await expectText(wfRow.locator('.badge'), 'REGISTERED', 'the undeprecated workflow type');
    step('types with their defaults; deprecate and undeprecate');

    // 9. start a run of a workflow type with input, tags and a task list
    await wfRow.getByRole('button', { name: 'Start…' }).click();
    const start = page.getByRole('dialog', { name: 'Start ProcessOrder 1' });
    if (await start.getByLabel('Task list').inputValue() !== 'order-decisions') throw new Error('the task list is not the type\'s default');
    await start.getByLabel('Workflow ID').fill('order-2001');
    await start.getByLabel('Input (optional)').fill('{"orderId": 2001}');
    await start.getByLabel('Tags (optional, comma-separated, at most 5)').fill('console, manual');
    await start.getByLabel('Task list').fill('order-decisions-manual');
    await page.screenshot({ path: path.join(SHOTS, 'console-start.png') });
    await start.getByRole('button', { name: 'Start' }).click();
    await expectText(page.locator('h1'), 'order-2001', 'the started execution');
    await expectText(page.locator('h1 .badge'), 'OPEN', 'the started execution\'s status');
    await expectText(page.locator('.facts'), 'order-decisions-manual', 'the started execution\'s task list');
    await expectText(page.locator('.facts'), 'console, manual', 'the started execution\'s tags');
    await expectText(page.locator('#events tr', { hasText: 'WorkflowExecutionStarted' }), '2001', 'the input');
    step('start a run of a workflow type with input, tags and a task list');

    if (consoleErrors.length) throw new Error('browser errors: ' + consoleErrors.join('; '));
    step('no JavaScript errors');
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error('FAILED: ' + (e && e.stack || e));
  process.exit(1);
});
