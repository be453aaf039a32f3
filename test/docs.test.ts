import { readFileSync } from 'node:fs';
import { CONFIG_DOCS, CONFIG_KEYS } from '@smarteros/kernel';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

function between(text: string, name: string): string {
  const m = new RegExp(`<!-- ${name}:start -->([\\s\\S]*?)<!-- ${name}:end -->`).exec(text);
  if (!m) throw new Error(`README.md has no ${name} markers`);
  return m[1]!.trim();
}

describe('README', () => {
  it('documents every configuration variable, with the default and meaning the code uses', () => {
    expect(CONFIG_DOCS.map(([name]) => name).sort()).toEqual([...CONFIG_KEYS].sort());
    const expected = ['| variable | default | meaning |', '|---|---|---|', ...CONFIG_DOCS.map(([n, d, m]) => `| \`${n}\` | ${d} | ${m} |`)].join('\n');
    expect(between(readme, 'config-table')).toBe(expected);
  });

  it('keeps the quick start to the two commands', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });
});
