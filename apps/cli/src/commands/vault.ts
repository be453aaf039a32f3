import { generateMasterKey } from '@smarteros/kernel';
import type { VaultRotateOutput } from '@smarteros/modules/registry';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { CliError, contextOf, type Context, type GlobalOptions } from '../context.ts';
import { t } from '../i18n.ts';
import { renderTable, yesNo } from '../output.ts';
import { intArg } from '../validate.ts';

/** Answers in a row that rotate nothing while keys remain (another rotation holds them) before giving up. */
const MAX_IDLE_BATCHES = 5;

interface RotateProgress {
  update(answer: VaultRotateOutput, batch: number): void;
  stop(): void;
}

/**
 * A cli-progress bar on stderr when it is a terminal (stdout keeps the result); a line per batch on stderr otherwise;
 * nothing with --json. The bar counts data keys under the current master key out of all of them.
 */
function rotateProgress(ctx: Context): RotateProgress {
  if (ctx.json) return { update() {}, stop() {} };
  if (process.stderr.isTTY) {
    let bar: cliProgress.SingleBar | undefined;
    return {
      update(a) {
        if (!bar) {
          bar = new cliProgress.SingleBar(
            { format: ' {bar} {value}/{total}  {key}', hideCursor: true, clearOnComplete: true, stream: process.stderr },
            cliProgress.Presets.shades_classic,
          );
          bar.start(a.total, a.total - a.remaining, { key: a.current_key_id });
        } else {
          bar.setTotal(a.total);
          bar.update(a.total - a.remaining, { key: a.current_key_id });
        }
      },
      stop() {
        bar?.stop();
      },
    };
  }
  return {
    update(a, batch) {
      ctx.out.note(t('vault.batch', batch, a.rotated, a.remaining));
    },
    stop() {},
  };
}

async function rotateAll(ctx: Context, batchSize: number | undefined): Promise<void> {
  const progress = rotateProgress(ctx);
  let rotated = 0;
  let batches = 0;
  let idle = 0;
  let last: VaultRotateOutput;
  try {
    for (;;) {
      last = await ctx.api.vaultRotate(batchSize);
      batches++;
      rotated += last.rotated;
      progress.update(last, batches);
      if (last.remaining === 0) break;
      idle = last.rotated === 0 ? idle + 1 : 0;
      if (idle >= MAX_IDLE_BATCHES) throw new CliError(t('err.rotateStuck', last.remaining), 1);
      if (idle > 0) await new Promise((r) => setTimeout(r, 200 * idle));
    }
  } finally {
    progress.stop();
  }
  ctx.out.data({ ...last, rotated, batches });
  ctx.out.line(t('vault.rotated', rotated, last.total, last.current_key_id));
}

export function registerVaultCommands(program: Command): void {
  const vault = program.command('vault').description(t('cmd.vault'));

  vault
    .command('status')
    .description(t('cmd.vault.status'))
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const s = await ctx.api.vaultStatus();
      ctx.out.data(s);
      ctx.out.line(t('vault.current', s.current_key_id));
      ctx.out.line(
        renderTable(
          [t('col.keyId'), t('col.current'), t('col.configured'), t('col.dataKeys')],
          s.keys.map((k) => [k.key_id, yesNo(k.current), yesNo(k.configured), k.data_keys]),
        ),
      );
      const pending = s.keys.filter((k) => !k.current).reduce((n, k) => n + k.data_keys, 0);
      if (pending > 0) ctx.out.line(t('vault.pending', pending));
      for (const k of s.keys.filter((x) => !x.configured && x.data_keys > 0)) ctx.out.note(t('vault.notConfigured', k.key_id));
    });

  vault
    .command('rotate')
    .description(t('cmd.vault.rotate'))
    .option('--batch-size <n>', t('opt.batchSize'))
    .addHelpText('after', t('help.keygen'))
    .action(async (opts: { batchSize?: string }, cmd: Command) => {
      const batchSize = intArg('--batch-size', opts.batchSize, 1, 10_000);
      await rotateAll(contextOf(cmd), batchSize);
    });

  vault
    .command('keygen')
    .description(t('cmd.vault.keygen'))
    .addHelpText('after', t('help.keygen'))
    .action((_opts: unknown, cmd: Command) => {
      // Local: no server, no credential. Only the key goes to stdout, so `$(smarteros vault keygen)` works.
      const key = generateMasterKey();
      const json = Boolean(cmd.optsWithGlobals<GlobalOptions>().json);
      process.stdout.write(json ? `${JSON.stringify({ master_key: key, key_id: key.slice(0, key.indexOf(':')) }, null, 2)}\n` : `${key}\n`);
      if (!json) process.stderr.write(`${t('keygen.note')}\n`);
    });
}
