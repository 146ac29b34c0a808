// The portal end to end: a real `openmsp serve` (built binary, temporary SQLite database, free port,
// --web-root the built dist) driven by Debian's Chromium through playwright-core. Screenshots of the pages
// go to build/web-screenshots/ (OPENMSP_SCREENSHOTS overrides). Run by scripts/test-web (make test).
//
//   OPENMSP_BIN   the openmsp binary (default: ../build/bin/openmsp)
//   CHROMIUM      the browser (default: /usr/bin/chromium)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const binary = process.env.OPENMSP_BIN ?? resolve(web, '../build/bin/openmsp');
const browserPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const screenshots = process.env.OPENMSP_SCREENSHOTS ?? resolve(web, '../build/web-screenshots');
const dist = resolve(web, 'dist');

let server; // { process, url, log }
let browser; // a persistent context: Chromium with its own fresh --user-data-dir
let scratch;

// The demo tenant (docs/demo.md): a user per role, all with this password.
const DEMO_PASSWORD = 'demo-charging-2026';

// Migrates the scratch database and seeds the demo tenant into it, as `make run` does.
function seedDemo() {
  const database = `sqlite:${join(scratch, 'openmsp.db')}`;
  for (const args of [['migrate', '--database', database], ['demo', 'seed', '--tenant', 'demo', '--database', database]]) {
    const run = spawnSync(binary, args, { encoding: 'utf8', timeout: 120_000 });
    assert.equal(run.status, 0, `openmsp ${args.join(' ')}:\n${run.stderr}`);
  }
}

// A port free now (the OS picks it), so serve can be told its public URL before it starts: the simulated
// CPO registers at the versions URL serve's peer invitation names.
function freePort() {
  return new Promise((resolvePromise, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePromise(port));
    });
  });
}

// Starts `openmsp serve` and resolves with its URL once it logs that it listens.
async function startServe() {
  const database = `sqlite:${join(scratch, 'openmsp.db')}`;
  const port = await freePort();
  const child = spawn(binary, ['serve', '--listen', `127.0.0.1:${port}`, '--public-url', `http://127.0.0.1:${port}`, '--database', database, '--threads', '2', '--web-root', dist], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`openmsp serve did not start in 30 s:\n${log}`)), 30_000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const listening = /listening on (http:\/\/127\.0\.0\.1:\d+) /.exec(log);
      if (listening) {
        clearTimeout(timer);
        resolvePromise({ process: child, url: listening[1], log: () => log });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`openmsp serve exited with ${code}:\n${log}`));
    });
  });
}

// Stops the server by its pid (SIGTERM, then SIGKILL after 10 s) and waits for it to end.
function stopServe() {
  if (!server || server.process.exitCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const child = server.process;
    child.removeAllListeners('exit');
    const kill = setTimeout(() => process.kill(child.pid, 'SIGKILL'), 10_000);
    child.on('exit', () => {
      clearTimeout(kill);
      resolvePromise();
    });
    process.kill(child.pid, 'SIGTERM');
  });
}

// Runs `openmsp ARGS` to its end without blocking the event loop (serve's log pipe keeps draining).
function run(args, timeout = 120_000) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      process.kill(child.pid, 'SIGKILL');
      reject(new Error(`openmsp ${args[0]} did not end in ${timeout} ms:\n${stderr}`));
    }, timeout);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolvePromise({ status, stdout, stderr });
    });
  });
}

// The demo seed makes no CDRs: a simulated CPO (docs/ocpi.md, "The CPO simulator") registers with the
// running serve, pushes its locations and tariffs, and charges a few sessions with the demo's cards, one
// round; serve stores the CDRs and rates them in the background. Resolves once MSP CDRs are listed.
async function feedCdrs() {
  const database = `sqlite:${join(scratch, 'openmsp.db')}`;
  const invitation = await run(['peer', 'invite', '--tenant', 'demo', '--name', 'Simulated CPO', '--public-url', server.url, '--database', database]);
  assert.equal(invitation.status, 0, invitation.stderr);
  const { versions_url: versionsUrl, token_a: tokenA } = JSON.parse(invitation.stdout);
  const simulator = await run(['cpo-sim', '--versions-url', versionsUrl, '--token-a', tokenA, '--party', 'NL-CPO', '--once', '--sessions', '4', '--locations', '4', '--seed', '7']);
  assert.equal(simulator.status, 0, `openmsp cpo-sim:\n${simulator.stderr}`);
  const report = JSON.parse(simulator.stdout);
  assert.ok(report.cdrs_acknowledged > 0, `the simulated CPO sent no CDR: ${simulator.stdout}`);
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo-msp.example', password: DEMO_PASSWORD, tenant: 'demo' }),
  });
  assert.equal(login.status, 200);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  for (let tries = 0; tries < 120; tries += 1) {
    const page = await (await fetch(`${server.url}/api/v1/msp-cdrs`, { headers: { Cookie: cookie } })).json();
    if (page.items.length > 0) return page.items.length;
    await new Promise((wait) => setTimeout(wait, 250));
  }
  assert.fail('no MSP CDR was rated within 30 s of the simulated CPO sending its CDRs');
}

async function newPage(viewport) {
  const page = await browser.newPage();
  await page.setViewportSize(viewport);
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
  return { page, problems };
}

// The console errors that are not the portal's fault (Chromium logs every 4xx answer as one): before sign-in
// the session probe `GET /api/v1/me` is answered 401, and API endpoints that do not exist yet answer 404.
function unexpected(problems) {
  return problems.filter((problem) => !/Failed to load resource: the server responded with a status of (401|404)/.test(problem));
}

describe('the Control Centre portal served by openmsp serve', () => {
  before(async () => {
    assert.ok(existsSync(binary), `no openmsp binary at ${binary} (make build)`);
    assert.ok(existsSync(join(dist, 'index.html')), `no built portal at ${dist} (scripts/build-web)`);
    assert.ok(existsSync(browserPath), `no Chromium at ${browserPath} (scripts/install-deps)`);
    scratch = mkdtempSync(join(tmpdir(), 'openmsp-web-e2e-'));
    mkdirSync(screenshots, { recursive: true });
    seedDemo();
    server = await startServe();
    // The demo tenant answers at the host name demo.localhost (`openmsp demo seed`): the portal picks its
    // tenant by the page's host name, so the browser opens it there.
    server.portal = server.url.replace('127.0.0.1', 'demo.localhost');
    // launchPersistentContext passes the fresh profile directory as --user-data-dir.
    browser = await chromium.launchPersistentContext(join(scratch, 'chromium-profile'), {
      executablePath: browserPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
  });

  after(async () => {
    await browser?.close();
    await stopServe();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('serves the built files with their types and caching, and index.html for client routes', async () => {
    const index = await fetch(`${server.url}/`);
    assert.equal(index.status, 200);
    assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(index.headers.get('cache-control'), 'no-cache');
    const html = await index.text();
    assert.equal(html, readFileSync(join(dist, 'index.html'), 'utf8'));

    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)[1];
    const asset = await fetch(server.url + script);
    assert.equal(asset.status, 200);
    assert.equal(asset.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');

    assert.equal(await (await fetch(`${server.url}/tokens/42`)).text(), html);
    assert.equal((await fetch(`${server.url}/assets/missing-0000.js`)).status, 404);
    assert.equal((await fetch(`${server.url}/api/v1/no-such-endpoint`)).status, 404);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);

    const head = await fetch(`${server.url}/`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(Buffer.byteLength(html)));
  });

  test('refuses to start when the chosen web root is not a built portal', () => {
    const refused = spawnSync(binary, ['serve', '--listen', '127.0.0.1:0', '--database', `sqlite:${join(scratch, 'refused.db')}`, '--web-root', scratch], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /--web-root: '.*' holds no index\.html/);
  });

  test('shows the sign-in page with labelled fields, usable with the keyboard alone', async () => {
    const { page, problems } = await newPage({ width: 1280, height: 800 });
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Sign in to the Control Centre' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await page.title(), 'OpenMSP Control Centre');
    const email = page.getByLabel('E-mail address');
    const password = page.getByLabel('Password');
    assert.equal(await email.getAttribute('type'), 'email');
    assert.equal(await password.getAttribute('type'), 'password');
    await page.screenshot({ path: join(screenshots, 'login-desktop.png'), fullPage: true });

    // Tab from the top of the page reaches e-mail, then password; Enter submits.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'login-email');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'login-password');
    await page.keyboard.press('Enter');
    await page.getByText('Enter your e-mail address').waitFor();
    await page.getByText('Enter your password').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'login-email');
    await page.keyboard.type('fleet@demo-msp.example');
    await page.getByText('Enter your e-mail address').waitFor({ state: 'detached' });
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'login-password');
    await page.screenshot({ path: join(screenshots, 'login-validation.png'), fullPage: true });

    assert.deepEqual(unexpected(problems), []);
    await page.close();
  });

  // What each demo user's navigation must show, from the role table of domain.md §1 (hand-written here,
  // not derived from the portal's own code, so a wrong permission filter fails the test).
  const EVERYONE = ['Overview', 'Locations', 'Charge records', 'Organisation', 'Invoices'];
  const ROLES = {
    'admin@demo-msp.example': ['Overview', 'Locations', 'Sessions', 'Charge records', 'Tokens', 'Organisation', 'Users', 'Pricing', 'Invoices', 'Roaming peers', 'Audit log', 'Settings'],
    'ou-admin@demo-msp.example': ['Overview', 'Locations', 'Sessions', 'Charge records', 'Tokens', 'Organisation', 'Users', 'Invoices'],
    'fleet@demo-msp.example': ['Overview', 'Locations', 'Sessions', 'Charge records', 'Tokens', 'Organisation', 'Invoices'],
    'finance@demo-msp.example': ['Overview', 'Locations', 'Charge records', 'Organisation', 'Pricing', 'Invoices', 'Roaming peers'],
    // pricing.read reaches the whole tenant: held only at the root, and the demo viewer is scoped lower.
    'viewer@demo-msp.example': ['Overview', 'Locations', 'Sessions', 'Charge records', 'Tokens', 'Organisation', 'Invoices'],
    'driver@demo-msp.example': ['Overview', 'Locations', 'Sessions', 'Charge records', 'Tokens', 'Organisation', 'Invoices'],
  };

  for (const [email, expected] of Object.entries(ROLES)) {
    test(`signs in ${email} and shows only the pages its role may open`, async () => {
      for (const page of EVERYONE) assert.ok(expected.includes(page));
      await browser.clearCookies(); // no session left by an earlier test
      const { page, problems } = await newPage({ width: 1280, height: 800 });
      await page.goto(`${server.portal}/login`);
      // The tenant's branding is applied before sign-in (chosen by the host name).
      await page.getByText('Demo MSP').first().waitFor();
      await page.getByLabel('E-mail address').fill(email);
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.keyboard.press('Enter');
      const navigation = page.getByRole('navigation', { name: 'Main navigation' });
      await navigation.waitFor();
      await page.getByRole('button', { name: /Sign out/ }).waitFor();
      const links = (await navigation.getByRole('link').allTextContents()).map((text) => text.trim());
      assert.deepEqual(links, expected);
      if (email.startsWith('admin@')) await page.screenshot({ path: join(screenshots, 'overview-admin.png'), fullPage: true });
      // Signing out returns to the sign-in page, and the session is gone for the API too.
      await page.getByRole('button', { name: /Sign out/ }).click();
      await page.getByRole('heading', { name: 'Sign in to the Control Centre' }).waitFor();
      const me = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
      assert.equal(me, 401);
      assert.deepEqual(unexpected(problems), []);
      await page.close();
    });
  }

  test('refuses a wrong password with a message and no session', async () => {
    await browser.clearCookies();
    const { page, problems } = await newPage({ width: 1280, height: 800 });
    await page.goto(`${server.portal}/login`);
    await page.getByLabel('E-mail address').fill('admin@demo-msp.example');
    await page.getByLabel('Password').fill('not-the-password');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').waitFor();
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await page.evaluate(async () => (await fetch('/api/v1/me')).status), 401);
    assert.deepEqual(unexpected(problems), []);
    await page.close();
  });

  // Signs the demo tenant admin in on a fresh page.
  async function signInAdmin(viewport = { width: 1280, height: 900 }) {
    await browser.clearCookies();
    const opened = await newPage(viewport);
    await opened.page.goto(`${server.portal}/login`);
    await opened.page.getByLabel('E-mail address').fill('admin@demo-msp.example');
    await opened.page.getByLabel('Password').fill(DEMO_PASSWORD);
    await opened.page.keyboard.press('Enter');
    await opened.page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    return opened;
  }

  // Opens a page through the navigation and waits for its heading.
  async function open(page, label, heading = label) {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: label }).click();
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  }

  // The value of the option of `select` whose text contains `text` (units are indented by depth).
  async function optionValue(select, text) {
    await select.locator('option', { hasText: text }).first().waitFor({ state: 'attached' });
    return select.locator('option', { hasText: text }).first().getAttribute('value');
  }

  test('as the tenant admin: creates a unit, a profile and a token through the pages', async () => {
    const { page, problems } = await signInAdmin();
    await page.screenshot({ path: join(screenshots, 'overview.png'), fullPage: true });

    await open(page, 'Organisation');
    const tree = page.getByRole('list', { name: 'Organisation unit tree' });
    await tree.getByRole('button', { name: 'Rename Acme Logistics B.V.' }).waitFor();
    const createUnit = page.getByRole('region', { name: 'Create a unit' });
    const parent = createUnit.getByLabel('Parent unit');
    await parent.selectOption(await optionValue(parent, 'Private customers'));
    await createUnit.getByLabel('Name').fill('E2E customers');
    await createUnit.getByRole('button', { name: 'Create unit' }).click();
    await createUnit.getByRole('status').filter({ hasText: 'Created E2E customers' }).waitFor();
    await tree.getByRole('button', { name: 'Rename E2E customers' }).waitFor();

    const createProfile = page.getByRole('region', { name: 'Create a profile' });
    const unit = createProfile.getByLabel('Unit');
    await unit.selectOption(await optionValue(unit, 'E2E customers'));
    await createProfile.getByLabel('Profile name').fill('E2E Driver');
    await createProfile.getByLabel('E-mail').fill('e2e.driver@example.com');
    await createProfile.getByRole('button', { name: 'Create profile' }).click();
    await createProfile.getByRole('status').filter({ hasText: 'Created the profile E2E Driver' }).waitFor();
    await page.getByRole('table', { name: 'Profiles' }).getByText('E2E Driver').waitFor();
    await page.screenshot({ path: join(screenshots, 'organisation.png'), fullPage: true });

    await open(page, 'Tokens');
    const issue = page.getByRole('region', { name: 'Issue a token' });
    const profile = issue.getByLabel('Profile');
    await profile.selectOption(await optionValue(profile, 'E2E Driver'));
    await issue.getByLabel('UID').fill('04E2E000000001');
    await issue.getByLabel('Visual number').fill('E2E-0001');
    await issue.getByRole('button', { name: 'Issue token' }).click();
    const issued = issue.getByRole('status').filter({ hasText: 'Token issued' });
    await issued.waitFor();
    const text = await issued.textContent();
    assert.match(text, /04E2E000000001 has the contract id NL-DEM-C\d{8}-[0-9A-Z] and is active\./);
    const contract = /NL-DEM-C\d{8}-[0-9A-Z]/.exec(text)[0];
    await page.getByRole('table', { name: 'Tokens' }).getByText(contract).waitFor();
    await page.screenshot({ path: join(screenshots, 'tokens.png'), fullPage: true });

    // The server agrees: the token is stored active for the new profile.
    const tokens = await page.evaluate(async () => (await (await fetch('/api/v1/tokens?q=04E2E000000001')).json()).items);
    assert.equal(tokens.length, 1);
    assert.equal(tokens[0].status, 'active');
    assert.equal(tokens[0].contract_id, contract);
    assert.deepEqual(unexpected(problems), []);
    await page.close();
  });

  test('as the tenant admin: browses the charge records of a simulated CPO and opens one', async () => {
    const rated = await feedCdrs();
    const { page, problems } = await signInAdmin();
    await open(page, 'Charge records');
    const table = page.getByRole('table', { name: 'MSP CDRs' });
    await table.waitFor();
    assert.equal(await table.locator('tbody tr').count(), rated);
    await page.screenshot({ path: join(screenshots, 'cdrs.png'), fullPage: true });
    await table.locator('tbody tr').first().getByRole('link').click();
    const cpo = page.getByRole('region', { name: /^What the CPO stated/ });
    await cpo.waitFor();
    await page.getByRole('region', { name: /^What the customer pays/ }).waitFor();
    await cpo.getByText('NL-CPO').first().waitFor();
    await page.getByRole('heading', { name: 'Why it costs this' }).waitFor();
    await page.screenshot({ path: join(screenshots, 'cdr-detail.png'), fullPage: true });

    // The same list at 360 px: the table scrolls in its box, the page itself does not.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${server.portal}/cdrs`);
    await page.getByRole('table', { name: 'MSP CDRs' }).waitFor();
    const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    assert.ok(widths.content <= widths.viewport, `the CDR page is ${widths.content} px wide on a ${widths.viewport} px screen`);
    await page.screenshot({ path: join(screenshots, 'cdrs-phone.png'), fullPage: true });
    assert.deepEqual(unexpected(problems), []);
    await page.close();
  });

  test('as the tenant admin: publishes a plan version, runs billing, shows the settlement and a what-if', async () => {
    const { page, problems } = await signInAdmin();
    // The month the simulated CPO's sessions started in (the test above fed them).
    const cdrs = await page.evaluate(async () => (await (await fetch('/api/v1/msp-cdrs?order=oldest')).json()).items);
    assert.ok(cdrs.length > 0, 'no MSP CDRs: the charge records test feeds them first');
    const month = cdrs[0].session_start.slice(0, 7);
    const [year, number] = month.split('-').map(Number);
    const nextMonth = number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`;

    // A draft with one rule, published now, is listed as a version in force.
    await open(page, 'Pricing');
    await page.getByRole('tab', { name: 'Tariff plan' }).click();
    await page.getByRole('table', { name: 'Plan versions' }).waitFor();
    await page.getByRole('button', { name: 'New empty draft' }).click();
    const editor = page.getByRole('region', { name: 'New draft' });
    await editor.getByLabel('Draft name').fill('E2E flat energy price');
    const rule = editor.getByRole('group', { name: 'Rule 1' });
    const code = rule.getByLabel('Tariff code');
    await code.selectOption(await optionValue(code, 'ENERGY'));
    await rule.getByLabel('Unit price').fill('0.41');
    await editor.getByRole('button', { name: 'Publish', exact: true }).click();
    const published = page.getByRole('status').filter({ hasText: /^Published as version \d+/ });
    await published.waitFor();
    const version = /version (\d+)/.exec(await published.textContent())[1];
    const versions = page.getByRole('table', { name: 'Plan versions' });
    await versions.getByRole('row').filter({ has: page.getByRole('cell', { name: version, exact: true }) }).getByText('in force').waitFor();
    await page.screenshot({ path: join(screenshots, 'pricing-published.png'), fullPage: true });

    // The what-if of that version over the month of the CDRs.
    await page.getByRole('tab', { name: 'What-if' }).click();
    const whatIf = page.getByRole('region', { name: 'What-if re-rating' });
    const compare = whatIf.getByLabel('Compare with');
    await compare.selectOption(await optionValue(compare, `Version ${version} `));
    await whatIf.getByLabel('Sessions from').fill(`${month}-01`);
    await whatIf.getByLabel('Sessions before').fill(`${nextMonth}-01`);
    await whatIf.getByRole('button', { name: 'Compare' }).click();
    const report = page.getByRole('region', { name: new RegExp(`^What-if of version ${version}`) });
    await report.getByRole('table', { name: 'Per location group' }).waitFor();
    await page.screenshot({ path: join(screenshots, 'pricing-what-if.png'), fullPage: true });

    // Billing of the previous month (ended): queued, run by serve's job worker, followed until complete;
    // whatever it made (the seed makes no invoice), and the runs list shows it.
    await open(page, 'Invoices');
    await page.getByRole('table', { name: 'Invoices' }).or(page.getByText('No invoices match these filters.')).waitFor();
    const run = page.getByRole('region', { name: 'Run billing' });
    await run.getByRole('button', { name: 'Run billing' }).click();
    await run.getByRole('status').filter({ hasText: /^Billed \d{4}-\d{2} \(run \d+\): \d+ invoices?, \d+ credit notes?, \d+ sessions?\.$/ }).waitFor();
    await page.getByRole('table', { name: 'Billing runs' }).getByRole('cell', { name: 'complete', exact: true }).first().waitFor();

    // What is owed to the simulated CPO for the month of its sessions.
    const settlement = page.getByRole('region', { name: 'Settlement with CPOs' });
    await settlement.getByLabel('Month').fill(month);
    await settlement.getByRole('button', { name: 'Show settlement' }).click();
    await settlement.getByRole('table', { name: `Settlement ${month}` }).getByRole('cell', { name: 'NL-CPO', exact: true }).waitFor();
    await page.screenshot({ path: join(screenshots, 'invoices.png'), fullPage: true });
    assert.deepEqual(unexpected(problems), []);
    await page.close();
  });

  test('as the tenant admin: every other page opens and shows its data', async () => {
    const { page, problems } = await signInAdmin();
    const pages = [
      ['Locations', 'locations.png', async () => page.getByRole('table', { name: 'Locations' }).waitFor()],
      ['Sessions', 'sessions.png', async () => page.getByRole('region', { name: 'Start a session remotely' }).waitFor()],
      ['Users', 'users.png', async () => page.getByRole('table', { name: 'Users' }).getByText('admin@demo-msp.example', { exact: true }).waitFor()],
      ['Pricing', 'pricing-codes.png', async () => page.getByRole('table', { name: 'Tariff codes' }).getByText('SESSION_FEE').first().waitFor()],
      ['Roaming peers', 'peers.png', async () => page.getByRole('table', { name: 'Peers' }).getByRole('cell', { name: 'Simulated CPO', exact: true }).waitFor()],
      ['Audit log', 'audit-log.png', async () => page.getByRole('table', { name: 'Audit log' }).getByText('token.issue').first().waitFor()],
    ];
    for (const [label, file, shown] of pages) {
      await open(page, label);
      await shown();
      await page.screenshot({ path: join(screenshots, file), fullPage: true });
    }
    // The map's points are reachable with the keyboard.
    await open(page, 'Locations');
    const map = page.getByRole('group', { name: /^Map of \d+ location/ });
    await map.getByRole('button').first().waitFor();
    await map.getByRole('button').first().focus();
    await page.keyboard.press('Enter');
    await page.getByRole('table', { name: /^Chargers of / }).waitFor();
    await page.screenshot({ path: join(screenshots, 'locations-chosen.png'), fullPage: true });

    await open(page, 'Pricing');
    for (const [tab, file, shown] of [
      ['Tariff plan', 'pricing-plan.png', () => page.getByRole('table', { name: 'Plan versions' }).waitFor()],
      ['Location groups', 'pricing-groups.png', () => page.getByRole('table', { name: 'Location groups' }).waitFor()],
      ['Price calculator', 'pricing-calculator.png', () => page.getByRole('region', { name: 'Price calculator' }).waitFor()],
      ['Business partner groups', 'pricing-partners.png', () => page.getByRole('table', { name: 'Business partner groups' }).waitFor()],
    ]) {
      await page.getByRole('tab', { name: tab }).click();
      await shown();
      await page.screenshot({ path: join(screenshots, file), fullPage: true });
    }

    // At 360 px every page fits: tables scroll in their own box, forms become one column.
    await page.setViewportSize({ width: 360, height: 740 });
    for (const path of ['/', '/locations', '/sessions', '/cdrs', '/tokens', '/organisation', '/users', '/pricing?tab=codes', '/pricing?tab=plan', '/pricing?tab=groups', '/pricing?tab=partners', '/pricing?tab=calculator', '/pricing?tab=what-if', '/invoices', '/peers', '/audit-log']) {
      await page.goto(server.portal + path);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, viewport: window.innerWidth }));
      assert.ok(widths.content <= widths.viewport, `${path} is ${widths.content} px wide on a ${widths.viewport} px screen`);
    }
    await page.screenshot({ path: join(screenshots, 'audit-log-phone.png'), fullPage: true });
    assert.deepEqual(unexpected(problems), []);
    await page.close();
  });

  test('fits a phone-sized screen', async () => {
    const { page, problems } = await newPage({ width: 360, height: 740 });
    await page.goto(`${server.url}/login`);
    await page.getByRole('heading', { name: 'Sign in to the Control Centre' }).waitFor();
    const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    assert.ok(widths.content <= widths.viewport, `the page is ${widths.content} px wide on a ${widths.viewport} px screen`);
    const button = await page.getByRole('button', { name: 'Sign in' }).boundingBox();
    assert.ok(button && button.x >= 0 && button.x + button.width <= 360, 'the sign-in button is on the screen');
    await page.screenshot({ path: join(screenshots, 'login-phone.png'), fullPage: true });
    assert.deepEqual(unexpected(problems), []);
    await page.close();
  });
});
