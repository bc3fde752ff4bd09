import { expect, test, type Page } from '@playwright/test';
import { screenshots } from './support/screenshots';

// A small shop's buying and selling: suppliers and customers, a purchase order received into
// stock, a sales order shipped out of it, invoiced, paid, and its document opened.

const run = Date.now().toString(36);
const owner = { name: 'Paula Purchaser', email: `orders-${run}@example.com`, password: 'correct horse battery staple', organization: 'Bolt & Nut Trading' };
const item = { sku: 'NUT-M8', name: 'Hex nut M8' };
const supplier = 'Fastener Wholesale';
const customer = { name: 'Corner Hardware', email: `corner-${run}@example.com` };

test.describe.configure({ mode: 'serial' });

let page: Page;
const crashes: string[] = [];

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  context.on('page', (p) => p.on('pageerror', (error) => crashes.push(`${p.url()}: ${error.message}`)));
  page = await context.newPage();
});

test.afterAll(async () => {
  await page.context().close();
});

test.afterEach(() => {
  expect(crashes.splice(0), 'uncaught exceptions in the pages').toEqual([]);
});

function nav(name: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

/** The status badge beside a page's title. */
function status() {
  return page.locator('.page-header .badge').first();
}

async function addLine(name: string, quantity: string, amountLabel: string, amount: string) {
  await page.getByLabel('Find an item').fill(name.slice(0, 6));
  await page.getByRole('button', { name: new RegExp(`^Add ${name}`) }).click();
  await page.getByLabel(`Quantity of ${name}`).fill(quantity);
  await page.getByLabel(`${amountLabel} of ${name}`).fill(amount);
}

test('sign up, then a location, an item, a supplier and a customer', async () => {
  await page.goto('/signup');
  await page.getByLabel('Your name').fill(owner.name);
  await page.getByLabel('E-mail').fill(owner.email);
  await page.getByLabel('Password').fill(owner.password);
  await page.getByLabel('Organization name').fill(owner.organization);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('heading', { name: 'Items' })).toBeVisible();

  await nav('Locations').click();
  await page.getByRole('button', { name: 'New location' }).click();
  const location = page.getByRole('dialog', { name: 'New location' });
  await location.getByLabel('Name').fill('Main warehouse');
  await location.getByRole('button', { name: 'Create location' }).click();
  await expect(location).toBeHidden();

  await nav('Items').click();
  await page.getByRole('button', { name: 'New item' }).click();
  const itemDialog = page.getByRole('dialog', { name: 'New item' });
  await itemDialog.getByLabel('SKU').fill(item.sku);
  await itemDialog.getByLabel('Name').fill(item.name);
  await itemDialog.getByLabel('Cost').fill('0.2');
  await itemDialog.getByLabel('Price').fill('0.5');
  await itemDialog.getByRole('button', { name: 'Create item' }).click();
  await expect(itemDialog).toBeHidden();

  await nav('Partners').click();
  await expect(page.getByText('No partners yet.')).toBeVisible();
  for (const partner of [{ name: supplier, kind: 'SUPPLIER', email: '' }, { name: customer.name, kind: 'CUSTOMER', email: customer.email }]) {
    await page.getByRole('button', { name: 'New partner' }).click();
    const dialog = page.getByRole('dialog', { name: 'New partner' });
    await dialog.getByLabel('Name').fill(partner.name);
    await dialog.getByLabel('Kind').selectOption(partner.kind);
    if (partner.email) await dialog.getByLabel('E-mail').fill(partner.email);
    await dialog.getByRole('button', { name: 'Create partner' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('row', { name: new RegExp(partner.name) })).toBeVisible();
  }
  // Edit: the customer's phone number.
  await page.getByRole('button', { name: `Edit ${customer.name}` }).click();
  const edit = page.getByRole('dialog', { name: `Edit ${customer.name}` });
  await edit.getByLabel('Phone').fill('+44 20 7946 0000');
  await edit.getByRole('button', { name: 'Save partner' }).click();
  await expect(page.getByRole('row', { name: new RegExp(customer.name) })).toContainText('+44 20 7946 0000');
  await screenshots(page, 'partners');
});

test('a purchase order is created, submitted and received: the quantity rises', async () => {
  await nav('Purchasing').click();
  await page.getByRole('link', { name: 'New purchase order' }).click();
  await expect(page.getByRole('heading', { name: 'New purchase order' })).toBeVisible();
  await expect(page.getByLabel('Supplier')).toHaveValue(/.+/);
  await addLine(item.name, '30', 'Unit cost', '0.18');
  await screenshots(page, 'purchase-order-form');
  await page.getByRole('button', { name: 'Create draft' }).click();

  await expect(page.getByRole('heading', { name: /^Purchase order / })).toBeVisible();
  await expect(status()).toHaveText('Draft');
  // A draft's lines can change until it is submitted.
  await page.getByRole('link', { name: 'Edit draft' }).click();
  await page.getByLabel(`Quantity of ${item.name}`).fill('40');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('table', { name: 'Lines' }).getByRole('cell', { name: '40', exact: true }).first()).toBeVisible();
  await expect(page.getByRole('table', { name: 'Lines' })).toContainText('0.18');
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await expect(status()).toHaveText('Ordered');
  await page.getByRole('button', { name: 'Receive everything outstanding' }).click();
  await expect(status()).toHaveText('Received');

  await nav('Items').click();
  await page.getByRole('link', { name: item.name }).click();
  await expect(page.locator('.stat').filter({ hasText: 'On hand' })).toContainText('40');
});

test('the item is edited: a new category and its reorder settings', async () => {
  await nav('Items').click();
  await page.getByRole('link', { name: 'Categories' }).click();
  await page.getByLabel('New category').fill('Fasteners');
  await page.getByRole('button', { name: 'Add category' }).click();
  await expect(page.getByRole('list', { name: 'Categories' })).toContainText('Fasteners');

  await nav('Items').click();
  await page.getByRole('link', { name: item.name }).click();
  await page.getByRole('button', { name: 'Edit item' }).click();
  const dialog = page.getByRole('dialog', { name: `Edit ${item.name}` });
  await dialog.getByLabel('Category').selectOption({ label: 'Fasteners' });
  await dialog.getByLabel('Preferred supplier').selectOption({ label: supplier });
  await dialog.getByLabel('Reorder point').fill('10');
  await dialog.getByLabel('Lead time (days)').fill('7');
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`${item.sku} · Fasteners`)).toBeVisible();
  await expect(page.getByText('7 days')).toBeVisible();
});

test('a sales order is created, confirmed and shipped', async () => {
  await nav('Sales').click();
  await page.getByRole('link', { name: 'New sales order' }).click();
  await expect(page.getByLabel('Customer')).toHaveValue(/.+/);
  await addLine(item.name, '12', 'Unit price', '0.6');
  await page.getByLabel(`Discount of ${item.name}`).fill('10');
  await page.getByRole('button', { name: 'Create draft' }).click();

  await expect(page.getByRole('heading', { name: /^Sales order / })).toBeVisible();
  await expect(status()).toHaveText('Draft');
  await page.getByRole('button', { name: 'Confirm and reserve' }).click();
  await expect(status()).toHaveText('Confirmed');
  await page.getByRole('button', { name: 'Ship everything outstanding' }).click();
  await expect(status()).toHaveText('Shipped');
  // 12 × 0.6 less 10 %.
  await expect(page.getByRole('table', { name: 'Lines' })).toContainText('6.48');
  await screenshots(page, 'sales-order');
});

test('an invoice is made from the order, issued, paid, and its document opens', async () => {
  await page.getByRole('button', { name: 'Create invoice' }).click();
  await expect(page.getByRole('heading', { name: /^Invoice / })).toBeVisible();
  await expect(status()).toHaveText('Draft');
  await page.getByRole('button', { name: 'Issue', exact: true }).click();
  await expect(status()).toHaveText('Issued');
  await page.getByRole('button', { name: 'Mark paid' }).click();
  await expect(status()).toHaveText('Paid');
  await expect(page.getByRole('table', { name: 'Invoice lines' })).toContainText(item.name);

  const html = await page.getByRole('link', { name: 'View document' }).getAttribute('href');
  const pdf = await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href');
  const htmlAnswer = await page.request.get(html ?? '');
  expect(htmlAnswer.status()).toBe(200);
  expect(htmlAnswer.headers()['content-type']).toContain('text/html');
  expect(await htmlAnswer.text()).toContain(item.name);
  const pdfAnswer = await page.request.get(pdf ?? '');
  expect(pdfAnswer.status()).toBe(200);
  expect(pdfAnswer.headers()['content-type']).toContain('application/pdf');
  expect((await pdfAnswer.body()).subarray(0, 5).toString()).toBe('%PDF-');

  // The link as a user follows it: a new tab with the document.
  const [tab] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: 'View document' }).click()]);
  await tab.waitForLoadState();
  await expect(tab.locator('body')).toContainText(customer.name);
  await tab.close();
  await screenshots(page, 'invoice');

  await nav('Invoices').click();
  await expect(page.getByRole('table', { name: 'Invoices' }).getByRole('row', { name: new RegExp(customer.name) })).toContainText('Paid');
});

test('a return of invoiced goods restocks them and issues a credit note', async () => {
  await page.getByRole('table', { name: 'Invoices' }).getByRole('link', { name: /^SO-/ }).click();
  await page.getByRole('button', { name: 'Record a return' }).click();
  const dialog = page.getByRole('dialog', { name: 'Record a return' });
  await dialog.getByLabel(`Returned quantity of ${item.name}`).fill('2');
  await dialog.getByRole('button', { name: 'Record return' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('list', { name: 'Invoices' })).toContainText(/CN-/);
  await expect(page.getByRole('table', { name: 'Lines' })).toContainText('2');
});

test('settings: payment terms change, and an API key is shown once', async () => {
  await nav('Settings').click();
  await page.getByLabel('Payment terms (days)').fill('14');
  await page.getByLabel('Sales order prefix').fill('SO-');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
  await page.getByLabel('Tax name').fill('VAT');
  await page.getByLabel('Percent').fill('20');
  await page.getByRole('button', { name: 'Add tax rate' }).click();
  await expect(page.getByRole('list', { name: 'Tax rates' })).toContainText('VAT 20%');
  await screenshots(page, 'settings');

  await nav('API keys').click();
  await page.getByLabel('Key name').fill('Shop sync');
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByLabel('API key', { exact: true })).not.toBeEmpty();
  await expect(page.getByRole('row', { name: /Shop sync/ })).toBeVisible();
  await page.getByRole('button', { name: 'Revoke Shop sync' }).click();
  await expect(page.getByRole('row', { name: /Shop sync/ })).toContainText('Revoked');

  await nav('Audit log').click();
  await expect(page.getByRole('table', { name: 'Audit log' })).toContainText('createApiKey');
});
