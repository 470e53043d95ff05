/**
 * A Kysely driver for PostgreSQL whose transactions do not wait for the answers of writes that return no
 * rows. The pool's clients run in node-postgres's pipeline mode: a statement is sent while earlier ones are
 * still on their way, and the server runs them in order on the one connection. Inside a transaction an
 * INSERT, UPDATE or DELETE without RETURNING is sent and not awaited; the next statement that returns
 * rows (a read, an insert … returning) is answered after it, as before, and COMMIT is sent only once every
 * such write has succeeded. Ingest runs ~10 small statements a report, half of them writes: each used to
 * cost a round trip to the server.
 *
 * A write that fails is told where the transaction next waits: by the next statement that returns rows (its
 * own error, not the 'current transaction is aborted' that PostgreSQL gives every statement after it), else
 * by commit. Either way the transaction is rolled back, as when the write was awaited: nothing is kept of a
 * transaction with a failed statement in it. The results of such writes (rows affected) are not known;
 * nothing in the store reads them.
 */
import type pg from 'pg';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/** a write whose answer nobody reads: sent, not awaited, inside a transaction */
const WRITE = /^\s*(insert|update|delete)\s/i;
const RETURNING = /\sreturning\s/i;

/** statements prepared on one connection at most (a text seen twice in transactions is prepared; the rest run unnamed) */
const MAX_PREPARED = 400;
/** statement texts a connection remembers having seen */
const MAX_SEEN = 2000;
let prepared = 0;
type Names = Map<string, string | false> & { prepared: number };
const namesOf = new WeakMap<object, Names>();
function statementNames(client: object): Names {
  let m = namesOf.get(client);
  if (!m) namesOf.set(client, (m = Object.assign(new Map<string, string | false>(), { prepared: 0 })));
  return m;
}

class PipelinedConnection implements DatabaseConnection {
  /** writes sent in this transaction and not yet known to have succeeded */
  private pending: Promise<unknown>[] = [];
  inTransaction = false;
  /** the socket holds back what is written to it (writes not awaited go out together, with the next statement that waits) */
  private corked = false;

  constructor(readonly client: pg.PoolClient) {}

  private get socket(): { cork(): void; uncork(): void } | undefined {
    return (this.client as unknown as { connection?: { stream?: { cork?(): void; uncork?(): void } } }).connection?.stream as never;
  }

  private cork(): void {
    const s = this.socket;
    if (this.corked || !s?.cork) return;
    s.cork();
    this.corked = true;
    // whatever happens next, the writes leave once this turn of the event loop is over
    setImmediate(() => this.uncork());
  }

  uncork(): void {
    if (!this.corked) return;
    this.corked = false;
    this.socket?.uncork();
  }

  private send(q: CompiledQuery): Promise<pg.QueryResult> {
    const name = this.inTransaction ? this.nameOf(q.sql) : undefined;
    if (name) return this.client.query({ name, text: q.sql, values: q.parameters as unknown[] });
    return this.client.query(q.sql, q.parameters as unknown[]);
  }

  /**
   * A transaction's statements that recur (ingest's), prepared once on this connection: the server parses and
   * plans them once. Not `select *`: a column added meanwhile (a newer process migrating) would fail it.
   */
  private nameOf(text: string): string | undefined {
    if (text.includes('select *')) return undefined;
    const names = statementNames(this.client);
    const n = names.get(text);
    if (typeof n === 'string') return n;
    if (n === undefined) {
      if (names.size < MAX_SEEN) names.set(text, false); // seen once
      return undefined;
    }
    if (names.prepared >= MAX_PREPARED) return undefined;
    names.prepared++;
    const name = `sitrep_${++prepared}`;
    names.set(text, name);
    return name;
  }

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction && WRITE.test(q.sql) && !RETURNING.test(q.sql)) {
      this.cork();
      const p = this.send(q);
      p.catch(() => undefined); // told by the next statement that waits, or by commit
      this.pending.push(p);
      return { rows: [] };
    }
    let res: pg.QueryResult;
    try {
      const p = this.send(q);
      this.uncork(); // the writes before it and this statement, in one go
      res = await p;
    } catch (err) {
      throw (await this.failedWrite()) ?? err;
    }
    // answered after every write sent before it, in a transaction that a failed one would have aborted
    this.pending = [];
    const { command, rowCount, rows } = res;
    return {
      numAffectedRows: command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE' ? BigInt(rowCount ?? 0) : undefined,
      rows: (rows ?? []) as R[],
    };
  }

  /** The error of the first write sent and not awaited that failed, if one did (waits for them all). */
  async failedWrite(): Promise<unknown> {
    this.uncork();
    const sent = this.pending;
    this.pending = [];
    for (const r of await Promise.allSettled(sent)) if (r.status === 'rejected') return r.reason;
    return undefined;
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported by the pipelined PostgreSQL driver');
  }
}

class PipelinedDriver implements Driver {
  constructor(private readonly pool: pg.Pool) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new PipelinedConnection(await this.pool.connect());
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const c = connection as PipelinedConnection;
    let text = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      text = 'start transaction';
      if (settings.isolationLevel) text += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) text += ` ${settings.accessMode}`;
    }
    await c.executeQuery(CompiledQuery.raw(text));
    c.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as PipelinedConnection;
    const failed = await c.failedWrite();
    if (failed) throw failed; // Kysely rolls back
    c.inTransaction = false;
    await c.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as PipelinedConnection;
    await c.failedWrite();
    c.inTransaction = false;
    await c.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const c = connection as PipelinedConnection;
    await c.failedWrite(); // none outside a transaction; settled before another user takes the client
    c.inTransaction = false;
    c.client.release();
  }

  async destroy(): Promise<void> {
    await this.pool.end();
  }
}

/** Kysely's PostgreSQL dialect over `pool` (whose clients must run in pipeline mode), with pipelined writes in transactions. */
export function pipelinedDialect(pool: pg.Pool): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new PipelinedDriver(pool),
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createIntrospector: (db: Kysely<any>) => new PostgresIntrospector(db),
  };
}
