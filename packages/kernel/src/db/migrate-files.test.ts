import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MigrationError, readMigrations } from './migrate.ts';

/** The runner reads db/migrations strictly: a misnamed file is refused, not skipped. */
const dirs: string[] = [];
function dirWith(...files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'smarteros-migrations-'));
  dirs.push(dir);
  for (const f of files) writeFileSync(join(dir, f), 'select 1;');
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('readMigrations', () => {
  it('reads well-named files in order', () => {
    expect(readMigrations(dirWith('0002_b.sql', '0001_a.sql')).map((f) => [f.version, f.name])).toEqual([
      ['0001', '0001_a.sql'],
      ['0002', '0002_b.sql'],
    ]);
  });

  it.each([['0003-orders.sql'], ['3_orders.sql'], ['0003_Orders.sql'], ['0003_orders.SQL'], ['0003_orders.sql.bak'], ['README.md'], ['0003_orders.psql']])(
    'refuses %s, naming it',
    (bad) => {
      const dir = dirWith('0001_a.sql', bad);
      expect(() => readMigrations(dir)).toThrow(MigrationError);
      expect(() => readMigrations(dir)).toThrow(bad);
    },
  );

  it('refuses a number used twice', () => {
    expect(() => readMigrations(dirWith('0001_a.sql', '0001_b.sql'))).toThrow(/0001 is used by more than one file/);
  });

  it('reads the repository migrations', () => {
    expect(readMigrations().length).toBeGreaterThanOrEqual(9);
  });
});
