/**
 * Group commit: callers submit items and each waits until the transaction holding its item has committed, while the
 * items that arrive during a write go together into the next one. Nothing waits on a timer: a lone item is written at
 * once, and under load a batch is whatever queued while the previous writes ran (up to `maxBatch`), so each commit's
 * cost (its round trips, its WAL flush) is shared by many callers. Durability is the caller's as before: a promise
 * resolves only after its item's transaction committed, and rejects when it did not.
 */
export interface GroupCommitOptions<I, R> {
  /** Writes a batch in one transaction (or several); answers one result per item, in order. */
  write(items: I[]): Promise<R[]>;
  /** Items per write (default 100). */
  maxBatch?: number;
  /** Writes running at once (default 2): while they run, new items wait for the next batch. */
  concurrency?: number;
}

export interface GroupCommit<I, R> {
  submit(item: I): Promise<R>;
  /** Items waiting for a write (for metrics and tests). */
  readonly queued: number;
}

export function createGroupCommit<I, R>(options: GroupCommitOptions<I, R>): GroupCommit<I, R> {
  const maxBatch = options.maxBatch ?? 100;
  const concurrency = options.concurrency ?? 2;
  let queue: Array<{ item: I; resolve: (r: R) => void; reject: (err: unknown) => void }> = [];
  let running = 0;

  function pump(): void {
    while (running < concurrency && queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      running += 1;
      void (async () => {
        try {
          const results = await options.write(batch.map((b) => b.item));
          if (results.length !== batch.length) throw new Error(`group commit: write answered ${results.length} results for ${batch.length} items`);
          batch.forEach((b, i) => b.resolve(results[i]!));
        } catch (err) {
          for (const b of batch) b.reject(err);
        } finally {
          running -= 1;
          pump();
        }
      })();
    }
  }

  return {
    submit(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        pump();
      });
    },
    get queued() {
      return queue.length;
    },
  };
}
