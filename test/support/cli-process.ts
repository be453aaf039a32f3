import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `smarteros` run as a child process, the way a person runs it: for the CLI's end-to-end suites. */
export const CLI_MAIN = fileURLToPath(new URL('../../apps/cli/src/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Node 24 runs TypeScript itself; older Node takes the project's node devDependency. */
export function cliNode(): string {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 18) ? process.execPath : join(ROOT, 'node_modules/.bin/node');
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `smarteros <args>` against `url` with `token`, in Spanish unless --lang says otherwise, without the caller's
 * SMARTEROS_* settings; killed after 30 s.
 */
export function runCli(args: readonly string[], opts: { url: string; token: string; configDir: string; env?: Record<string, string | undefined>; stdin?: string }): Promise<CliRun> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SMARTEROS_') && k !== 'DATABASE_URL' && k !== 'NODE_OPTIONS'));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...base, LANG: 'es_CL.UTF-8', SMARTEROS_URL: opts.url, SMARTEROS_TOKEN: opts.token, SMARTEROS_CONFIG_DIR: opts.configDir, ...opts.env })) {
    if (v !== undefined) env[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(cliNode(), [CLI_MAIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(opts.stdin ?? '');
  });
}
