// Drives the Temporal Web UI in the Chromium that WebUiCodecBrowserTest started (over CDP), as an
// operator would: open a run's page, set the Codec Server in the UI's own settings, send an update
// through "Send an Update". One JSON argument in, one JSON line out; screenshots where asked.
import { chromium } from 'playwright-core';

const args = JSON.parse(process.argv[2]);
const TIMEOUT = 20_000;

async function setCodecServer(page, endpoint) {
  // The "Codec Server" settings behind the data-encoder status button in the top bar.
  await page.getByTestId('data-encoder-status').first().click();
  // "Use my browser setting and ignore Cluster-level setting": the operator's own endpoint.
  await page.getByTestId('use-local-endpoint-input').click();
  const input = page.locator('#data-encoder-endpoint-input');
  await input.waitFor({ timeout: TIMEOUT });
  await input.fill(endpoint);
  await page.locator('#data-encoder-settings [data-testid="confirm-modal-button"]').click();
  await page.getByTestId('data-encoder-status-configured').first().waitFor({ timeout: TIMEOUT });
}

async function openRun(page) {
  await page.goto(args.runUrl, { waitUntil: 'domcontentloaded' });
  await page.getByText(args.waitFor, { exact: false }).first().waitFor({ timeout: TIMEOUT });
  // Payloads are decoded after the page's first paint: give the codec round trips a moment.
  await page.waitForTimeout(args.settleMillis ?? 2000);
}

// The page's text and its frames' (the UI renders a run's Markdown details in an iframe).
async function text(page) {
  const parts = [];
  for (const frame of page.frames()) {
    parts.push(await frame.evaluate(() => document.body ? document.body.innerText : '').catch(() => ''));
  }
  return parts.join('\n');
}

const browser = await chromium.connectOverCDP(args.cdp);
const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
const page = await context.newPage();
const out = {};
const calls = []; // the UI's update and codec calls, for a failure's message
page.on('requestfinished', async (r) => {
  if (/update|encode|decode/.test(r.url())) {
    const res = await r.response().catch(() => null);
    calls.push(`${r.method()} ${r.url()} -> ${res ? res.status() : '?'}`);
  }
});
page.on('requestfailed', (r) => calls.push(`${r.method()} ${r.url()} failed: ${r.failure()?.errorText}`));
try {
  if (args.codecEndpoint) {
    await page.goto(args.uiUrl + '/namespaces/default/workflows', { waitUntil: 'domcontentloaded' });
    await setCodecServer(page, args.codecEndpoint);
  }
  await openRun(page);
  if (args.tab) {
    // e.g. "User Metadata": the run's details, where the workflow lists its steps.
    await page.getByRole('tab', { name: args.tab }).or(page.getByRole('link', { name: args.tab })).first().click();
    await page.waitForTimeout(args.settleMillis ?? 2000);
  }
  if (args.focusText) {
    // Bring e.g. the parked step's row into view for the screenshot.
    for (const frame of page.frames()) {
      await frame.getByText(args.focusText).filter({ visible: true }).first()
        .evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'start' }), null, { timeout: 2000 })
        .catch(() => {});
    }
  }
  if (args.screenshot) {
    await page.screenshot({ path: args.screenshot, fullPage: !args.focusText });
  }
  out.text = await text(page);

  if (args.update) {
    // Workflow Actions (the menu beside "Request Cancellation") → Send an Update.
    await page.getByRole('button', { name: 'More Actions' }).click();
    await page.locator('[data-testid="update-button"]:visible').first().click();
    const dialog = page.locator('[data-testid="update-confirmation-modal"]:visible').first();
    await dialog.waitFor({ timeout: TIMEOUT });
    await dialog.getByTestId('update-select-button').click();
    await page.getByRole('option', { name: args.update.name }).first().click();
    const editor = dialog.locator('.cm-content').last();
    await editor.click();
    await page.keyboard.insertText(args.update.input);
    // Leave the editor first (for the Update ID field): on blur the UI reformats the JSON over several lines and the dialog
    // grows, which would move Submit from under a click that blurs and submits at once.
    await dialog.locator('#update-id').click();
    await page.waitForTimeout(500);
    if (args.update.screenshot) {
      await page.screenshot({ path: args.update.screenshot });
    }
    await dialog.getByTestId('confirm-modal-button').click();
    try {
      await page.getByText('Update successful').first().waitFor({ timeout: TIMEOUT });
    } catch (e) {
      throw new Error(e.message + '\ndialog: ' + await dialog.innerText().catch(() => '(gone)')
        + '\ncalls:\n' + calls.filter((c) => !c.includes('/decode')).join('\n'));
    }
    out.updated = true;
    if (args.update.after) {
      await openRun(page);
      await page.screenshot({ path: args.update.after, fullPage: true });
      out.afterText = await text(page);
    }
  }
} catch (e) {
  out.error = String(e && e.message || e);
  if (args.failureShot) {
    await page.screenshot({ path: args.failureShot, fullPage: true }).catch(() => {});
  }
  out.text = out.text ?? await text(page).catch(() => '');
} finally {
  await context.close();
  await browser.close(); // disconnects; the test class owns the browser
}
console.log(JSON.stringify(out));
