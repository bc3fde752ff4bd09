#!/usr/bin/env node
// Fails when src/gql/ differs from what GraphQL Code Generator makes from ../schema.graphql
// and the documents now: generates into a temp folder and compares file by file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const committed = path.join(web, 'src', 'gql');
const fresh = mkdtempSync(path.join(os.tmpdir(), 'stockroom-codegen-'));

try {
  const result = spawnSync(path.join(web, 'node_modules', '.bin', 'graphql-codegen'), ['--config', 'codegen.ts', '--silent'], {
    cwd: web,
    stdio: 'inherit',
    env: { ...process.env, CODEGEN_OUT: `${fresh}/` },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);

  const list = (dir) => readdirSync(dir).sort();
  const names = new Set([...list(committed), ...list(fresh)]);
  const stale = [...names].filter((name) => {
    const read = (dir) => {
      try {
        return readFileSync(path.join(dir, name), 'utf8');
      } catch {
        return null;
      }
    };
    return read(committed) !== read(fresh);
  });
  if (stale.length > 0) {
    console.error(`src/gql is stale (${stale.join(', ')}): run \`npm run codegen\` and commit the result.`);
    process.exit(1);
  }
  console.log('src/gql matches ../schema.graphql and the documents.');
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
