import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The CLI's HTTP commands start with the kernel alone: a module's code (and the server's Fastify) loads only where a
 * command needs it, by dynamic import (`start`, `migrate`, the error table when an error names a module's code).
 */
const dir = import.meta.dirname;
const files = (d: string): string[] =>
  readdirSync(d).flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(n) && !/\.test\.ts$/.test(n) ? [p] : [];
  });

describe('CLI start-up', () => {
  it('imports modules only for their types, and the server only dynamically', () => {
    const offenders: string[] = [];
    for (const f of files(dir)) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(@smarteros\/(?:modules\/[a-z]+|server(?:\/[a-z]+)?))'/gm)) offenders.push(`${relative(dir, f)}: ${m[1]}`);
      for (const m of text.matchAll(/^import\s+'(@smarteros\/[^']+)'/gm)) offenders.push(`${relative(dir, f)}: ${m[1]}`);
    }
    expect(offenders).toEqual([]);
  });
});
