import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TABLE_OWNERS } from '@smarteros/server';
import { describe, expect, it } from 'vitest';

/**
 * A module writes only its own tables: another module's rows change through that module's services (identity's
 * security_events through identity's recordSecurityEvent, for one). This reads every source file and finds where it
 * inserts, updates or deletes, whether through Kysely, a batch insert or SQL text.
 */
const root = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.ts$|\.fixture\.ts$/.test(name) ? [path] : [];
  });
}

/** Who a file belongs to, by where it lives. */
function ownerOf(file: string): string {
  const rel = relative(root, file);
  const m = /^packages\/modules\/src\/([^/]+)\//.exec(rel);
  if (m) return m[1]!;
  if (rel.startsWith('packages/kernel/')) return 'kernel';
  return rel.split('/').slice(0, 2).join('/');
}

const WRITES: RegExp[] = [
  /\.(?:insertInto|updateTable|deleteFrom|mergeInto)\(\s*'([a-z_]+)'/g,
  /createBatchInsert[\s\S]{0,200}?table:\s*'([a-z_]+)'/g,
  /\b(?:insert\s+into|delete\s+from)\s+([a-z_]+)\b/gi,
  /\bupdate\s+([a-z_]+)\s+set\b/gi,
];

export function writesIn(text: string): string[] {
  return [...new Set(WRITES.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]!.toLowerCase())))];
}

describe('table ownership', () => {
  const owned = new Map<string, string>();
  for (const m of TABLE_OWNERS) for (const t of m.tables) owned.set(t, m.name);

  it('every table of the migrations has exactly one owner', () => {
    const created = readdirSync(join(root, 'db/migrations'))
      .flatMap((f) => [...readFileSync(join(root, 'db/migrations', f), 'utf8').matchAll(/create (?:table|(?:or replace )?view) (?:if not exists )?([a-z_]+)/gi)].map((m) => m[1]!));
    const unowned = created.filter((t) => !owned.has(t));
    expect(unowned, 'tables no module owns: add them to a module manifest').toEqual([]);
    const claimed = TABLE_OWNERS.flatMap((m) => m.tables);
    expect(claimed.length, 'a table claimed twice').toBe(new Set(claimed).size);
  });

  it('a module writes only the tables it owns', () => {
    const files = ['packages', 'apps/server/src', 'apps/cli/src'].flatMap((d) => sourceFiles(join(root, d)));
    expect(files.length).toBeGreaterThan(50);
    const violations: string[] = [];
    for (const file of files) {
      const owner = ownerOf(file);
      for (const table of writesIn(readFileSync(file, 'utf8'))) {
        const tableOwner = owned.get(table);
        if (tableOwner === undefined) continue; // not a table (a word in a comment or a CTE name)
        if (tableOwner !== owner) violations.push(`${relative(root, file)} (${owner}) writes ${table}, owned by ${tableOwner}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('the scan sees writes in each form it looks for', () => {
    expect(writesIn(`tx.insertInto('tenants').values({})`)).toEqual(['tenants']);
    expect(writesIn(`tx.updateTable('users').set({})`)).toEqual(['users']);
    expect(writesIn(`createBatchInsert({ db, table: 'gateway_requests', columns: [] })`)).toEqual(['gateway_requests']);
    expect(writesIn('sql`update sessions set revoked_at = now()`')).toEqual(['sessions']);
    expect(writesIn('sql`delete from outbox where id = 1`')).toEqual(['outbox']);
    expect(writesIn(`tx.selectFrom('tenants').selectAll()`)).toEqual([]);
  });
});
