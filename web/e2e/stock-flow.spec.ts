import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { linkTo, waitForMail } from './support/mail';
import { screenshots } from './support/screenshots';

// One organization's first day: sign up, set up, scan stock in, watch it arrive live in a
// second browser, be refused an impossible stock-out, and bring in a colleague by e-mail.

const run = Date.now().toString(36);
const owner = {
  name: 'Olivia Owner',
  email: `owner-${run}@example.com`,
  password: 'correct horse battery staple',
  organization: 'Acme Supplies',
};
const item = { sku: 'M8-40', name: 'Hex bolt M8×40', barcode: '4006381333931' };
const invitee = { name: 'Nico Newcomer', email: `nico-${run}@example.com`, password: 'another long password' };
const mailDir = process.env.E2E_MAIL_DIR ?? '';

test.describe.configure({ mode: 'serial' });

const contexts: BrowserContext[] = [];
let first: Page;
let second: Page;

/** Uncaught exceptions (which fail the test) and console errors and warnings (printed). */
const crashes: string[] = [];
const problems: string[] = [];

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  context.on('page', watch);
  const page = await context.newPage();
  return page;
}

function watch(page: Page) {
  page.on('pageerror', (error) => crashes.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${page.url()}: [${message.type()}] ${message.text()}`);
  });
}

function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

async function scan(page: Page, code: string) {
  // A keyboard-wedge scanner: the digits a few milliseconds apart, then Enter.
  const field = page.getByLabel('Barcode', { exact: true });
  await field.click();
  await field.pressSequentially(code, { delay: 8 });
  await field.press('Enter');
}

/** A GraphQL call as the owner, outside the browser (to set up many rows fast). */
async function graphqlAsOwner(request: APIRequestContext) {
  const logIn = await request.post('/graphql', {
    data: {
      query: 'mutation($input: LogInInput!) { logIn(input: $input) { accessToken organization { id } } }',
      variables: { input: { email: owner.email, password: owner.password } },
    },
  });
  const session = (await logIn.json()) as { data: { logIn: { accessToken: string; organization: { id: string } } } };
  const headers = {
    authorization: `Bearer ${session.data.logIn.accessToken}`,
    'x-organization-id': session.data.logIn.organization.id,
  };
  return async (query: string, variables: Record<string, unknown>) => {
    const response = await request.post('/graphql', { headers, data: { query, variables } });
    const body = (await response.json()) as { errors?: unknown[] };
    expect(body.errors).toBeUndefined();
  };
}

test.beforeAll(async ({ browser }) => {
  first = await newPage(browser);
  second = await newPage(browser);
});

test.afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
});

test.afterEach(() => {
  if (problems.length) console.log(problems.splice(0).join('\n'));
  expect(crashes.splice(0), 'uncaught exceptions in the pages').toEqual([]);
});

test('sign up', async () => {
  await first.goto('/signup');
  await first.getByLabel('Your name').fill(owner.name);
  await first.getByLabel('E-mail').fill(owner.email);
  await first.getByLabel('Password').fill(owner.password);
  await first.getByLabel('Organization name').fill(owner.organization);
  await first.getByRole('button', { name: 'Sign up' }).click();
  await expect(first.getByRole('heading', { name: 'Items' })).toBeVisible();
  await expect(first.getByText('No items yet.')).toBeVisible();
});

test('the e-mail address is confirmed from the link of the welcome e-mail', async () => {
  const mail = await waitForMail(mailDir, owner.email, '/verify-email');
  await first.goto(linkTo(mail, '/verify-email') ?? '');
  await expect(first.getByRole('status')).toHaveText(`Thank you: ${owner.email} is confirmed.`);
  await first.getByRole('link', { name: 'Go to Stockroom' }).click();
  await expect(first.getByRole('heading', { name: 'Items' })).toBeVisible();
});

test('create a location and an item with a barcode', async () => {
  await nav(first, 'Locations').click();
  await first.getByRole('button', { name: 'New location' }).click();
  const locationDialog = first.getByRole('dialog', { name: 'New location' });
  await locationDialog.getByLabel('Name').fill('Main warehouse');
  await locationDialog.getByRole('button', { name: 'Create location' }).click();
  await expect(locationDialog).toBeHidden();
  await expect(first.getByRole('cell', { name: 'Main warehouse' })).toBeVisible();

  await nav(first, 'Items').click();
  await first.getByRole('button', { name: 'New item' }).click();
  const itemDialog = first.getByRole('dialog', { name: 'New item' });
  await itemDialog.getByLabel('SKU').fill(item.sku);
  await itemDialog.getByLabel('Name').fill(item.name);
  await itemDialog.getByLabel('Barcode').fill(item.barcode);
  await itemDialog.getByLabel('Safety stock').fill('10');
  await itemDialog.getByRole('button', { name: 'Create item' }).click();
  await expect(itemDialog).toBeHidden();
  await expect(first.getByRole('row', { name: new RegExp(item.name) })).toBeVisible();
});

test('a second browser logs in as the same user and opens the items list', async () => {
  await second.goto('/items');
  await expect(second).toHaveURL(/\/login\?next=/);
  await expect(second.getByRole('heading', { name: 'Log in' })).toBeVisible();
  await screenshots(second, 'login');
  await second.getByLabel('E-mail').fill(owner.email);
  await second.getByLabel('Password').fill(owner.password);
  await second.getByRole('button', { name: 'Log in' }).click();
  const row = second.getByRole('row', { name: new RegExp(item.name) });
  await expect(row.getByRole('cell', { name: '0', exact: true }).first()).toBeVisible();
  // Marks this document: a reload would lose it.
  await second.evaluate(() => document.body.setAttribute('data-e2e-loaded-once', 'yes'));
});

test('stock in by scanning the barcode', async () => {
  await nav(first, 'Record stock').click();
  await expect(first.getByRole('radio', { name: 'Stock in' })).toBeChecked();
  await scan(first, item.barcode);
  const quantity = first.getByLabel(`Quantity of ${item.name}`);
  await expect(quantity).toHaveValue('1');
  await quantity.fill('7');
  await screenshots(first, 'stock-form');
  await first.getByRole('button', { name: 'Record stock in' }).click();
  await expect(first.getByRole('status').filter({ hasText: 'Stock in recorded' })).toHaveText(
    `Stock in recorded: 7 × ${item.name} at Main warehouse.`,
  );
});

test('the second browser shows the new quantity without reloading', async () => {
  const row = second.getByRole('row', { name: new RegExp(item.name) });
  await expect(row.getByRole('cell', { name: '7', exact: true }).first()).toBeVisible();
  await expect(second.locator('body')).toHaveAttribute('data-e2e-loaded-once', 'yes');
  await screenshots(second, 'items-list');
});

test('stock out of more than is there is refused with the insufficient-stock sentence', async () => {
  await first.getByRole('radio', { name: 'Stock out' }).check();
  await scan(first, item.barcode);
  await first.getByLabel(`Quantity of ${item.name}`).fill('50');
  await first.getByRole('button', { name: 'Record stock out' }).click();
  await expect(first.getByRole('alert')).toHaveText('Only 7 left at this location; you asked for 50.');
  // Nothing moved: the second browser still shows 7.
  await expect(second.getByRole('row', { name: new RegExp(item.name) }).getByRole('cell', { name: '7', exact: true }).first()).toBeVisible();
});

test('the item page shows its levels and history', async () => {
  await nav(first, 'Items').click();
  await first.getByRole('link', { name: item.name }).click();
  await expect(first.getByRole('heading', { name: item.name })).toBeVisible();
  const levels = first.getByRole('table', { name: 'Stock by location' });
  await expect(levels.getByRole('row', { name: /Main warehouse/ })).toContainText('7');
  await expect(first.getByRole('table', { name: 'History' }).getByRole('row', { name: /Stock in/ })).toBeVisible();
  await screenshots(first, 'item-page');
});

test('invite a member, who accepts from the e-mailed link in a third browser', async ({ browser }) => {
  await nav(first, 'Team').click();
  await first.getByLabel('E-mail address').fill(invitee.email);
  await first.getByLabel('Role').selectOption('MEMBER');
  await first.getByRole('button', { name: 'Send invitation' }).click();
  await expect(first.getByRole('status').filter({ hasText: 'Invitation sent' })).toContainText(invitee.email);
  await expect(first.getByRole('list', { name: 'Pending invitations' })).toContainText(invitee.email);
  await screenshots(first, 'team');

  const mail = await waitForMail(mailDir, invitee.email, '/accept-invitation');
  const link = linkTo(mail, '/accept-invitation');
  expect(link).toContain('/accept-invitation?token=');

  const third = await newPage(browser);
  await third.goto(link ?? '');
  await expect(third.getByRole('heading', { name: 'Join an organization' })).toBeVisible();
  await third.getByLabel('Your name').fill(invitee.name);
  await third.getByLabel('Choose a password').fill(invitee.password);
  await third.getByRole('button', { name: 'Create account and join' }).click();
  await expect(third.getByRole('status').filter({ hasText: 'You joined' })).toHaveText(`You joined ${owner.organization}.`);
  await expect(third.getByLabel('Organization', { exact: true })).toHaveValue(/.+/);
  await expect(third.getByLabel('Organization', { exact: true }).locator('option:checked')).toHaveText(owner.organization);
  await expect(third.getByRole('row', { name: new RegExp(item.name) })).toBeVisible();

  await first.reload();
  await expect(first.getByRole('list', { name: 'Members' })).toContainText(invitee.name);
});

test('a second organization, and back: live updates follow the switch', async () => {
  await first.getByRole('button', { name: 'New organization' }).click();
  const dialog = first.getByRole('dialog', { name: 'New organization' });
  await dialog.getByLabel('Organization name').fill('Second Shop');
  await dialog.getByRole('button', { name: 'Create organization' }).click();
  const switcher = first.getByLabel('Organization', { exact: true });
  await expect(switcher.locator('option:checked')).toHaveText('Second Shop');
  await nav(first, 'Items').click();
  await expect(first.getByText('No items yet.')).toBeVisible();

  await switcher.selectOption({ label: owner.organization });
  const row = first.getByRole('row', { name: new RegExp(item.name) });
  await expect(row.getByRole('cell', { name: '7', exact: true }).first()).toBeVisible();

  // The other browser records stock; this one, switched twice, sees it live.
  await nav(second, 'Record stock').click();
  await scan(second, item.barcode);
  await second.getByLabel(`Quantity of ${item.name}`).fill('3');
  await second.getByRole('button', { name: 'Record stock in' }).click();
  await expect(second.getByRole('status').filter({ hasText: 'Stock in recorded' })).toBeVisible();
  await expect(row.getByRole('cell', { name: '10', exact: true }).first()).toBeVisible();
});

test('the items list loads the next page when scrolled to its end', async ({ request }) => {
  const call = await graphqlAsOwner(request);
  const create = 'mutation($input: CreateItemInput!) { createItem(input: $input) { id } }';
  for (let batch = 0; batch < 6; batch++) {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const n = String(batch * 10 + i).padStart(2, '0');
        return call(create, { input: { sku: `W-${n}`, name: `Washer ${n}` } });
      }),
    );
  }
  await nav(first, 'Items').click();
  await first.reload();
  await expect(first.getByText('61 items')).toBeVisible();
  const rows = first.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(51); // the header and the first page of 50
  await first.getByRole('row', { name: /Washer 48/ }).scrollIntoViewIfNeeded();
  await first.mouse.wheel(0, 10_000);
  await expect(rows).toHaveCount(62);
  await expect(first.getByRole('row', { name: /Washer 59/ })).toBeVisible();
});

test('two tabs of one browser share the session and its refreshes', async () => {
  // Tabs share localStorage: each load refreshes under the same lock, one after the other.
  const tab = await first.context().newPage();
  await Promise.all([first.goto('/items'), tab.goto('/items')]);
  await Promise.all([first.reload(), tab.reload()]);
  for (const page of [first, tab]) {
    await expect(page.getByRole('heading', { name: 'Items' })).toBeVisible();
    await expect(page.getByRole('row', { name: new RegExp(item.name) })).toBeVisible();
  }
  await nav(tab, 'Overview').click();
  await expect(tab.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await expect(tab.getByRole('term').filter({ hasText: 'Units in stock' })).toBeVisible();
  await screenshots(tab, 'overview');
  await tab.close();
});

test('a forgotten password is reset from the e-mailed link', async ({ browser }) => {
  // The invitee's account: a reset ends every session of the account it is for.
  const page = await newPage(browser);
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByLabel('E-mail').fill(invitee.email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('status')).toContainText(`If an account uses ${invitee.email}`);

  const mail = await waitForMail(mailDir, invitee.email, '/reset-password');
  await page.goto(linkTo(mail, '/reset-password') ?? '');
  const newPassword = 'a brand new passphrase';
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Repeat the new password').fill(newPassword);
  await page.getByRole('button', { name: 'Set the password' }).click();
  await expect(page.getByRole('status')).toContainText('Your password is changed');

  await page.getByRole('link', { name: 'Log in' }).first().click();
  await page.getByLabel('E-mail').fill(invitee.email);
  await page.getByLabel('Password').fill(newPassword);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Items' })).toBeVisible();
});
