#!/usr/bin/env node
// The `smarteros` command. The CLI is TypeScript run directly by Node (type stripping), which needs Node >= 22.18.
import module from 'node:module';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  const i = process.argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const lang = i < 0 ? process.env.LANG ?? '' : process.argv[i].includes('=') ? process.argv[i].slice(7) : process.argv[i + 1] ?? '';
  const es = !/^en/i.test(lang);
  console.error(
    es
      ? `smarteros necesita Node >= 22.18 y este es ${process.version}.\n` +
          'Ejecútalo como `npx smarteros ...` o `npm run smarteros -- ...` desde el proyecto: usan el Node 24 del proyecto.'
      : `smarteros needs Node >= 22.18 and this is ${process.version}.\n` +
          "Run it as `npx smarteros ...` or `npm run smarteros -- ...` inside the project: they use the project's Node 24.",
  );
  process.exit(1);
}
// Node's compile cache (in the OS temp dir) halves the start-up time of every later run.
module.enableCompileCache?.();
const { run } = await import('../src/main.ts');
process.exitCode = await run(process.argv);
