import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Mail {
  file: string;
  headers: string;
  subject: string;
  text: string;
  links: string[];
}

function decodeQuotedPrintable(body: string): string {
  const bytes: number[] = [];
  const soft = body.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    const hex = soft.slice(i + 1, i + 3);
    if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodePart(headers: string, body: string): string {
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

function split(raw: string): { headers: string; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  if (at < 0) return { headers: raw, body: '' };
  return { headers: raw.slice(0, at), body: raw.slice(at).replace(/^\r?\n\r?\n/, '') };
}

/** The decoded text of every text part of a MIME message, nested multiparts included. */
function textOf(raw: string): string {
  const { headers, body } = split(raw);
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(headers)?.[1];
  if (/content-type:\s*multipart\//i.test(headers) && boundary) {
    return body
      .split(`--${boundary}`)
      .slice(1)
      .filter((part) => !part.startsWith('--'))
      .map((part) => textOf(part.replace(/^\r?\n/, '')))
      .join('\n');
  }
  if (/content-type:/i.test(headers) && !/content-type:\s*text\//i.test(headers)) return '';
  return decodePart(headers, body);
}

export async function readMail(file: string): Promise<Mail> {
  const raw = await readFile(file, 'utf8');
  const { headers } = split(raw);
  const unfolded = headers.replace(/\r?\n[ \t]+/g, ' ');
  const text = textOf(raw);
  const links = [...new Set(text.match(/https?:\/\/[^\s"'<>]+/g) ?? [])].map((link) => link.replace(/&amp;/g, '&'));
  return { file, headers: unfolded, subject: /^subject:\s*(.*)$/im.exec(unfolded)?.[1] ?? '', text, links };
}

/** A link of the e-mail whose path starts with `path` (`/accept-invitation`). */
export function linkTo(mail: Mail, path: string): string | undefined {
  return mail.links.find((link) => new URL(link).pathname === path);
}

/**
 * Waits for an e-mail to `to` with a link to `path` (the worker sends it shortly after the
 * change commits).
 */
export async function waitForMail(dir: string, to: string, path: string, timeoutMs = 20_000): Promise<Mail> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const files = await readdir(dir).catch(() => [] as string[]);
    for (const name of files.filter((f) => f.endsWith('.eml'))) {
      const mail = await readMail(join(dir, name));
      const recipient = /^to:.*$/im.exec(mail.headers)?.[0]?.toLowerCase() ?? '';
      if (recipient.includes(to.toLowerCase()) && linkTo(mail, path)) return mail;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no e-mail to ${to} linking to ${path} in ${dir} within ${timeoutMs / 1000} s`);
}
