// Child process for the crash test: writes records as fast as it can and prints each key
// only after store.sync() resolved, i.e. exactly when a server would have answered 200.
// A second argument sets each record's padding in bytes (200 unless given), so the log grows past
// the compaction threshold within a few hundred writes.
import { Store } from '../../sandbox/store/store';

const paddingBytes = Number(process.argv[3] ?? 200);
const store = await Store.open({ kind: 'file', dir: process.argv[2]! });
const records = store.collection<{ n: number; padding: string }>('records');
let n = 0;
for (;;) {
  const batch = Array.from({ length: 1 + (n % 7) }, () => `r${n++}`);
  await Promise.all(
    batch.map((key) =>
      store.transact(() => records.put(key, { n, padding: 'x'.repeat(paddingBytes) })).then(() => process.stdout.write(`${key}\n`)),
    ),
  );
}
