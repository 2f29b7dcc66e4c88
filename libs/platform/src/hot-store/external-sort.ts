import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import path from 'node:path';

export interface ExternalSortOptions<T> {
  readonly compare: (a: T, b: T) => number;
  /** Items sorted in memory at once; more than this are spilled to disk as sorted runs and merged. */
  readonly runSize: number;
  /** Where the runs go (a fresh directory inside it, removed when the iteration ends). */
  readonly dir?: string;
}

/**
 * The items of `source` in `compare` order with bounded memory: sorted runs of `runSize` items
 * spilled to disk as JSON lines, then merged. Items must survive a JSON round trip. Nothing is
 * yielded before the source is exhausted; an input of one run never touches the disk.
 */
export async function* externalSort<T>(source: AsyncIterable<T>, options: ExternalSortOptions<T>): AsyncGenerator<T> {
  let dir: string | undefined;
  try {
    const runs: string[] = [];
    let run: T[] = [];
    for await (const item of source) {
      if (run.length >= options.runSize) {
        dir ??= await mkdtemp(path.join(options.dir ?? tmpdir(), 'onescale-sort-'));
        runs.push(await spill(run.sort(options.compare), path.join(dir, `${runs.length}.jsonl`)));
        run = [];
      }
      run.push(item);
    }
    run.sort(options.compare);
    if (runs.length === 0) {
      yield* run;
      return;
    }
    if (run.length > 0) runs.push(await spill(run, path.join(dir!, `${runs.length}.jsonl`)));
    run = [];
    yield* merge(
      runs.map((file) => itemsOf<T>(file)),
      options.compare,
    );
  } finally {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }
}

async function spill<T>(items: readonly T[], file: string): Promise<string> {
  await writeFile(file, items.map((item) => JSON.stringify(item)).join('\n') + '\n');
  return file;
}

async function* itemsOf<T>(file: string): AsyncGenerator<T> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) yield JSON.parse(line) as T;
}

/** K-way merge of sorted streams through a binary min-heap of their heads. */
async function* merge<T>(streams: AsyncGenerator<T>[], compare: (a: T, b: T) => number): AsyncGenerator<T> {
  const heap: Array<{ head: T; stream: AsyncGenerator<T> }> = [];
  const less = (i: number, j: number): boolean => compare(heap[i]!.head, heap[j]!.head) < 0;
  const swap = (i: number, j: number): void => void ([heap[i], heap[j]] = [heap[j]!, heap[i]!]);
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const m = l + 1 < heap.length && less(l + 1, l) ? l + 1 : l;
      if (l >= heap.length || !less(m, i)) return;
      swap(i, m);
      i = m;
    }
  };
  try {
    for (const stream of streams) {
      const first = await stream.next();
      if (!first.done) heap.push({ head: first.value, stream });
    }
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
    while (heap.length > 0) {
      const top = heap[0]!;
      yield top.head;
      const next = await top.stream.next();
      if (next.done) {
        heap[0] = heap[heap.length - 1]!;
        heap.pop();
      } else top.head = next.value;
      if (heap.length > 0) down(0);
    }
  } finally {
    await Promise.all(streams.map((s) => s.return(undefined)));
  }
}
