import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Enforces the dependency order written in docs/architecture.md: the kernel imports no module or app; a module imports
 * the kernel and earlier modules, only through their index.ts; apps import packages only by package name; nothing
 * reaches into another room's files.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function dependencyOrder(): string[] {
  const doc = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
  const block = /<!-- dependency-order:start -->([\s\S]*?)<!-- dependency-order:end -->/.exec(doc)?.[1] ?? '';
  return [...block.matchAll(/^\d+\.\s+(\S+)/gm)].map((m) => m[1]!);
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    return statSync(full).isDirectory() ? walk(full) : /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

/** Which room a source file lives in: 'kernel', a module name, 'apps/server', 'apps/web', 'apps/cli', or null (tests, bench). */
function roomOf(file: string): string | null {
  const rel = relative(ROOT, file).split('\\').join('/');
  if (rel.startsWith('packages/kernel/src/')) return 'kernel';
  const m = /^packages\/modules\/src\/([^/]+)\//.exec(rel);
  if (m) return m[1]!;
  const a = /^apps\/([^/]+)\//.exec(rel);
  if (a) return `apps/${a[1]}`;
  return null;
}

/** A build tool of the console (apps/web/scripts/): it runs in Node at build time and never ships to the browser. */
const isWebBuildTool = (file: string) => relative(ROOT, file).split('\\').join('/').startsWith('apps/web/scripts/');

const isTest = (file: string) => /\.test\.tsx?$/.test(file) || file.includes(`${join(ROOT, 'test')}/`);

const importsIn = (text: string): string[] => ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);

interface Violation {
  file: string;
  spec: string;
  why: string;
}

function checkImports(files: string[], order: string[], read: (file: string) => string = (f) => readFileSync(f, 'utf8')): Violation[] {
  const rank = new Map(order.map((r, i) => [r, i]));
  const violations: Violation[] = [];
  for (const file of files) {
    const room = roomOf(file);
    if (!room) continue;
    const test = isTest(file);
    for (const spec of importsIn(read(file))) {
      const v = (why: string) => violations.push({ file: relative(ROOT, file), spec, why });
      let target: string | null;
      let viaIndex = true;
      if (spec.startsWith('.')) {
        const resolved = resolve(dirname(file), spec);
        target = roomOf(resolved);
        if (target === null) {
          if (!test) v('reaches outside the packages and apps');
          continue;
        }
        if (target === room) continue;
        viaIndex = /\/index\.tsx?$/.test(resolved);
        if (room.startsWith('apps/') || target === 'kernel' || target.startsWith('apps/')) {
          if (!test) v(`imports ${target} by relative path; use its package name`);
          continue;
        }
      } else if (spec.startsWith('@smarteros/')) {
        // The web console runs in the browser: of the workspace it takes only the RUT code (no database drivers).
        // apps/web/scripts/ are build tools run by Node (the API types generator starts the server to read its OpenAPI).
        if (room === 'apps/web' && spec !== '@smarteros/kernel/rut' && !isWebBuildTool(file)) {
          v('the web console may import only @smarteros/kernel/rut from the workspace (it runs in the browser)');
          continue;
        }
        // The kernel's RUT entry point (no database drivers) is the kernel too: the web console uses it.
        if (spec === '@smarteros/kernel' || spec === '@smarteros/kernel/rut') target = 'kernel';
        else if (spec.startsWith('@smarteros/modules/')) target = spec.slice('@smarteros/modules/'.length);
        // The server's module list is a second, light entry (no HTTP framework): the CLI loads the error table from it.
        else if (spec === '@smarteros/server' || spec === '@smarteros/server/modules') target = 'apps/server';
        else {
          v('unknown workspace package');
          continue;
        }
        if (target.includes('/') && !target.startsWith('apps/')) {
          v('reaches past a module index');
          continue;
        }
        if (target === room) {
          if (!test) v('imports its own package by name');
          continue;
        }
      } else if (spec === 'smarteros-cli') {
        target = 'apps/cli';
      } else {
        continue; // node built-ins and npm packages
      }
      if (!viaIndex) {
        v(`reaches past ${target}'s index.ts`);
        continue;
      }
      if (test) continue;
      const from = rank.get(room);
      const to = rank.get(target);
      if (from === undefined) v(`${room} is not in the dependency order of docs/architecture.md`);
      else if (to === undefined) v(`${target} is not in the dependency order of docs/architecture.md`);
      else if (to >= from) v(`${room} may not depend on ${target} (it comes later in the dependency order)`);
    }
  }
  return violations;
}

describe('architecture', () => {
  const order = dependencyOrder();
  const files = [...walk(join(ROOT, 'packages')), ...walk(join(ROOT, 'apps'))];

  it('reads the dependency order from docs/architecture.md', () => {
    expect(order.slice(0, 5)).toEqual(['kernel', 'connectors', 'notify', 'tenancy', 'identity']);
    expect(order).toContain('apps/server');
  });

  it('has every module of packages/modules in the dependency order', () => {
    const modules = readdirSync(join(ROOT, 'packages/modules/src')).filter((d) => statSync(join(ROOT, 'packages/modules/src', d)).isDirectory());
    expect(modules.filter((m) => !order.includes(m))).toEqual([]);
  });

  it('has no import that breaks the order or reaches past an index.ts', () => {
    expect(checkImports(files, order)).toEqual([]);
  });

  it('catches the violations it is meant to catch', () => {
    const cases: Array<[string, string]> = [
      ['packages/kernel/src/x.ts', "import { a } from '@smarteros/modules/tenancy';"],
      ['packages/modules/src/tenancy/x.ts', "import { a } from '../identity/index.ts';"],
      ['packages/modules/src/identity/x.ts', "import { a } from '../tenancy/tenant.repo.ts';"],
      ['apps/server/src/x.ts', "import { a } from '@smarteros/modules/tenancy/tenant.repo.ts';"],
      ['apps/server/src/x.ts', "import { a } from '../../../packages/kernel/src/rut.ts';"],
      ['packages/modules/src/tenancy/x.ts', "export { a } from '@smarteros/server';"],
    ];
    for (const [path, text] of cases) {
      const file = join(ROOT, path);
      expect(checkImports([file], order, () => text), text).not.toEqual([]);
    }
    const allowed = join(ROOT, 'packages/modules/src/identity/x.ts');
    expect(checkImports([allowed], order, () => "import { a } from '../tenancy/index.ts'; import { b } from '@smarteros/kernel';")).toEqual([]);
    const web = join(ROOT, 'apps/web/src/x.tsx');
    expect(checkImports([web], order, () => "import { parseRut } from '@smarteros/kernel/rut'; import { useState } from 'react';")).toEqual([]);
    expect(checkImports([web], order, () => "import { a } from '@smarteros/kernel';")).not.toEqual([]);
    expect(checkImports([web], order, () => "import { a } from '@smarteros/server';")).not.toEqual([]);
    // The console's build tools run in Node: the API types generator starts the server to read its OpenAPI document.
    const tool = join(ROOT, 'apps/web/scripts/generate-api.ts');
    expect(checkImports([tool], order, () => "import { startServer } from '@smarteros/server'; import { loadConfig } from '@smarteros/kernel';")).toEqual([]);
  });
});
