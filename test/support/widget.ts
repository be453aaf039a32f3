import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WIDGET = join(ROOT, 'apps/widget');
/** What `npm run build:widget` writes and the server serves at /widget.js. */
export const WIDGET_FILE = join(WIDGET, 'dist/widget.js');

const newest = (path: string): number => {
  const st = statSync(path);
  return st.isDirectory() ? Math.max(st.mtimeMs, ...readdirSync(path).map((n) => newest(join(path, n)))) : st.mtimeMs;
};

/** Builds apps/widget (Vite, a fraction of a second) when its bundle is missing or older than its sources. */
export function ensureWidgetBuilt(): void {
  if (existsSync(WIDGET_FILE) && statSync(WIDGET_FILE).mtimeMs >= Math.max(newest(join(WIDGET, 'src')), newest(join(WIDGET, 'vite.config.ts')))) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(WIDGET, 'vite.config.ts')], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}
