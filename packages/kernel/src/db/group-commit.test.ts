import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.ts';

/** A write the test finishes by hand: it records each batch and resolves when told. */
function controlledWrite() {
  const batches: number[][] = [];
  const pending: Array<{ finish: () => void; fail: (err: Error) => void }> = [];
  const write = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push(items);
      pending.push({ finish: () => resolve(items.map((i) => `ok:${i}`)), fail: reject });
    });
  return { batches, pending, write };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('group commit', () => {
  it('writes a lone item at once, and batches what arrives while writes run', async () => {
    const w = controlledWrite();
    const gc = createGroupCommit({ write: w.write, concurrency: 1, maxBatch: 3 });
    const first = gc.submit(1);
    expect(w.batches).toEqual([[1]]);
    const rest = [2, 3, 4, 5].map((i) => gc.submit(i));
    expect(gc.queued).toBe(4);
    w.pending[0]!.finish();
    await expect(first).resolves.toBe('ok:1');
    await tick();
    // At most maxBatch per write; the rest waits for the next one.
    expect(w.batches).toEqual([[1], [2, 3, 4]]);
    w.pending[1]!.finish();
    await tick();
    expect(w.batches).toEqual([[1], [2, 3, 4], [5]]);
    w.pending[2]!.finish();
    await expect(Promise.all(rest)).resolves.toEqual(['ok:2', 'ok:3', 'ok:4', 'ok:5']);
    expect(gc.queued).toBe(0);
  });

  it('rejects every item of a failed write, and only those', async () => {
    const w = controlledWrite();
    const gc = createGroupCommit({ write: w.write, concurrency: 1 });
    const a = gc.submit(1);
    const b = gc.submit(2);
    w.pending[0]!.fail(new Error('connection lost'));
    await expect(a).rejects.toThrow('connection lost');
    await tick();
    expect(w.batches).toEqual([[1], [2]]);
    w.pending[1]!.finish();
    await expect(b).resolves.toBe('ok:2');
  });

  it('runs up to `concurrency` writes at once', async () => {
    const w = controlledWrite();
    const gc = createGroupCommit({ write: w.write, concurrency: 2 });
    const all = [1, 2, 3].map((i) => gc.submit(i));
    expect(w.batches).toEqual([[1], [2]]);
    w.pending[1]!.finish();
    await tick();
    expect(w.batches).toEqual([[1], [2], [3]]);
    w.pending[0]!.finish();
    w.pending[2]!.finish();
    await expect(Promise.all(all)).resolves.toEqual(['ok:1', 'ok:2', 'ok:3']);
  });

  it('refuses a write that answers the wrong number of results', async () => {
    const gc = createGroupCommit<number, number>({ write: async () => [] });
    await expect(gc.submit(1)).rejects.toThrow('answered 0 results for 1 items');
  });
});
