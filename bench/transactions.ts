// node --import tsx bench/transactions.ts — transactions.list at a shop's scale: 100,000 payments (each with ~1.5 KB of
// wire JSON, like Square's), 5,000 refunds, an invoice per sale, 150,000 inbox rows of which 130 need the owner.
// Prints each query's time (count + window + details) and, with PLAN=1, SQLite's plan of the window; CASES='[{…}]'
// runs only those inputs. The reads should stay in the tens of milliseconds, searches (LIKE scans) near 100 ms.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../main/platform/db/open';
import { listTransactions, transactionsSql } from '../main/pipeline/transactions';
import { contract } from '../shared/contract';

const dir = mkdtempSync(join(tmpdir(), 'bench-transactions-'));
const db = openDatabase(dir);
db.exec(`INSERT INTO square_connections (merchant_id, environment, status, connected_at, updated_at) VALUES ('M','custom','connected',0,0);
INSERT INTO locations (id, merchant_id, name, currency, raw_json, updated_at) VALUES ('L1','M','Lagos','NGN','{}',0),('L2','M','Abuja','NGN','{}',0);`);
const N = 100_000;
const insP = db.prepare(`INSERT INTO square_payments (id, order_id, location_id, status, updated_at, raw_json, fetched_at) VALUES (?,?,?,?,?,?,0)`);
const insR = db.prepare(`INSERT INTO square_refunds (id, payment_id, order_id, location_id, status, updated_at, raw_json, fetched_at) VALUES (?,?,?,?,?,?,?,0)`);
const insI = db.prepare(`INSERT INTO invoices (kind, source_key, number, status, currency, issue_date, issued_at, line_extension_minor, tax_exclusive_minor, tax_total_minor, tax_inclusive_minor, payable_minor, source_order_id, source_payment_id, created_at, updated_at) VALUES ('invoice', ?, ?, 'draft', 'NGN', '2026-01-01', '2026-01-01T00:00:00Z', 1,1,0,1,1, ?, ?, 0, 0)`);
const insW = db.prepare(`INSERT INTO webhook_inbox (event_id, source, type, object_id, received_at, raw_body, state, attempts, next_attempt_at, last_error) VALUES (?, 'webhook', ?, ?, 0, ?, ?, ?, 0, ?)`);
db.transaction(() => {
  for (let i = 0; i < N; i++) {
    const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
    const raw = JSON.stringify({ id: `P${i}`, created_at: at, amount_money: { amount: 1000 + (i % 5000), currency: 'NGN' }, tip_money: { amount: 100, currency: 'NGN' }, source_type: i % 2 ? 'CARD' : 'CASH', card_details: { card: { card_brand: 'VISA', last_4: '1111' } }, padding: 'x'.repeat(1500) });
    insP.run(`P${i}`, `O${i}`, i % 2 ? 'L1' : 'L2', i % 50 ? 'COMPLETED' : 'FAILED', at, raw);
    insI.run(`order:O${i}`, `INV-${String(i).padStart(6, '0')}`, `O${i}`, `P${i}`);
    insW.run(`e${i}`, 'payment.created', `P${i}`, '{}', 'done', 1, null);
    if (i % 20 === 0) insR.run(`R${i}`, `P${i}`, `O${i}`, 'L1', 'COMPLETED', at, JSON.stringify({ id: `R${i}`, created_at: at, amount_money: { amount: 500, currency: 'NGN' } }));
  }
  for (let i = 0; i < 100; i++) insW.run(`d${i}`, 'payment.updated', `P${i * 7}`, '{}', 'dead', 10, 'Status code: 500');
  for (let i = 0; i < 30; i++) insW.run(`o${i}`, 'payment.created', `X${i}`, JSON.stringify({ created_at: new Date().toISOString(), data: { object: { payment: { amount_money: { amount: 5, currency: 'NGN' } } } } }), 'dead', 10, 'Status code: 400');
  for (let i = 0; i < 50000; i++) insW.run(`p${i}`, 'payment.created', `Q${i}`, '{}', 'pending', 0, null);
})();
db.exec('ANALYZE');
const cases: Record<string, unknown>[] = (process.env.CASES ? JSON.parse(process.env.CASES) : [{}, { page: 500, pageSize: 100 }, { sort: "amount" }, { locationId: "L1" }, { status: ["failed"] }, { problem: true }, { problem: false }, { search: "INV-000123" }, { search: "1,050.00" }, { search: "P9999" }, { kind: "refund" }, { from: "2026-02-01T00:00:00Z", to: "2026-02-02T00:00:00Z" }]);
for (const c of cases) {
  const q = contract['transactions.list'].input.parse(c);
  const sql = transactionsSql(q);
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql.rows}`).all({ ...sql.params, limit: 50, offset: 0 }) as { detail: string }[];
  const t0 = performance.now();
  const page = listTransactions(db, q);
  const ms = performance.now() - t0;
  console.log(JSON.stringify(c), ms.toFixed(1), 'ms total', page.total, page.items[0]?.id, page.items[0]?.document?.number, page.items[0]?.problem?.state);
  if (process.env.PLAN) console.log(plan.map((p) => '   ' + p.detail).join('\n'));
}
db.close();
rmSync(dir, { recursive: true, force: true });
