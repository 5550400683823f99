import { parentPort, workerData } from 'node:worker_threads';
import { WRITER_AUTOCHECKPOINT_PAGES } from '../platform/db/checkpointer';
import { openDatabase } from '../platform/db/open';
import { unpackFetched, unpackOrders } from './wire-crossing';
import { LocalPipelineStore } from './pipeline-store';
import { insertEach } from './insert-each';
import { errorAsData } from './thread-errors';
import type { Committed, WriterOp, WriterReply } from './writer-thread';
import type { NewInboxRow } from '../inbox/inbox-row';

// Entry of the writer thread (pipeline/writer-thread.ts): its own connection to the app's database, and the same
// store the main thread would use, answering one message per call. Work arrives as messages in this thread's event
// loop, so the receiver's inserts that arrive together still share one group commit.

const port = parentPort!;
const data = workerData as { dataDir: string; nativeBinding: string | null };
const db = openDatabase(data.dataDir, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {});
// This connection makes most of the app's writes; the background checkpointer copies them, and its own automatic
// checkpoint is only a safety net, set higher than the main connection's (platform/db/checkpointer.ts says why).
db.pragma(`wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT_PAGES}`);
const store = new LocalPipelineStore(db);


/**
 * The receiver's inserts: they all join one group commit (pushed in this turn, committed together in a later one), so
 * their commit callbacks all run in that one commit; a single early word then tells the main thread which are
 * committed, while their WAL sync runs (the answer follows it).
 */
function inserts(id: number, events: readonly NewInboxRow[]): Promise<unknown> {
  const committed: Committed = events.map(() => null);
  let told = false;
  return insertEach(store, events, (i, inserted, rowId) => {
    committed[i] = inserted && rowId !== null ? rowId : false;
    if (told) return;
    told = true;
    queueMicrotask(() => port.postMessage({ id, committed } satisfies WriterReply));
  });
}

async function run(m: WriterOp & { id: number }): Promise<unknown> {
  switch (m.op) {
    case 'inserts':
      return inserts(m.id, m.args[0]);
    case 'page':
      return store.insertPage(...m.args);
    case 'claim':
      return store.claim(...m.args);
    case 'commit': {
      const [events, packed, at] = m.args;
      const outcomes = await store.commit(events, unpackFetched(packed), at);
      return outcomes.map((o) => (o && !o.ok ? { ok: false, error: errorAsData(o.error) } : o));
    }
    case 'orders': {
      const [packed, merchantId, at] = m.args;
      return store.commitOrders(unpackOrders(packed), merchantId, at);
    }
    case 'fail':
      return store.fail(...m.args);
    case 'postpone':
      return store.postpone(...m.args);
    case 'release':
      return store.release(...m.args);
    case 'close':
      db.close();
      setImmediate(() => port.close());
      return undefined;
  }
}

port.on('message', (m: WriterOp & { id: number }) => {
  run(m).then(
    (value) => port.postMessage({ id: m.id, value } satisfies WriterReply),
    (err: unknown) => port.postMessage({ id: m.id, error: errorAsData(err) } satisfies WriterReply),
  );
});
port.postMessage({ id: 0, value: 'ready' } satisfies WriterReply);
