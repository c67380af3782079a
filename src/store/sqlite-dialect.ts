// A Kysely dialect over the SQLite writer: Kysely's statements and transactions hold the one write connection in turn; write plans are sent between them, back to back.
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  SelectQueryNode,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import type { PlanResult, WriteStep } from './plan.ts';
import type { SqliteWriter } from './sqlite-writer.ts';

/**
 * Who may send to the single write connection. Kysely's connection (an interactive transaction, or
 * one statement) is held exclusively, one holder at a time, until released. A write plan is one
 * self-contained message: plans are sent back to back without waiting for each other's answers (the
 * writer runs its messages in order), but never while an exclusive holder has the connection, whose
 * transaction they would otherwise land in.
 */
class WriterGate {
  private queue: Promise<void> = Promise.resolve();
  private held: Promise<void> | undefined;

  /** Waits until no exclusive holder has the connection; the caller then sends at once (same tick). */
  async shared(): Promise<void> {
    while (this.held) await this.held;
  }

  /** Waits for the connection; call the returned function to give it back. */
  async exclusive(): Promise<() => void> {
    let next!: () => void;
    const previous = this.queue;
    this.queue = new Promise<void>((resolve) => {
      next = resolve;
    });
    await previous;
    let done!: () => void;
    this.held = new Promise<void>((resolve) => {
      done = resolve;
    });
    return () => {
      this.held = undefined;
      done();
      next();
    };
  }
}

class WriterConnection implements DatabaseConnection {
  constructor(private readonly writer: SqliteWriter) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.writer.exec(compiled.sql, compiled.parameters);
    if (result.rows.length > 0 || SelectQueryNode.is(compiled.query)) return { rows: result.rows as R[] };
    return {
      rows: [],
      numAffectedRows: BigInt(result.changes),
      ...(result.lastInsertRowid !== undefined && result.lastInsertRowid !== null ? { insertId: BigInt(result.lastInsertRowid) } : {}),
    };
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const result = await this.executeQuery<R>(compiled);
    for (const row of result.rows) yield { rows: [row] };
  }
}

/** The driver: a single connection taken in turns, plus write plans in the same turns. */
export class WriterDriver implements Driver {
  private readonly gate = new WriterGate();
  private readonly connection: WriterConnection;
  private holder: (() => void) | undefined;

  constructor(private readonly writer: SqliteWriter) {
    this.connection = new WriterConnection(writer);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    this.holder = await this.gate.exclusive();
    return this.connection;
  }

  async releaseConnection(): Promise<void> {
    const release = this.holder;
    this.holder = undefined;
    release?.();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  /** Runs a write plan as one transaction, after whatever was sent before it. */
  async plan(steps: readonly WriteStep[]): Promise<PlanResult> {
    await this.gate.shared();
    return this.writer.plan(steps);
  }

  /** Runs one statement outside any transaction (reads of the inline store), after whatever was sent before it. */
  async exec(sql: string, params: readonly unknown[]): Promise<unknown[]> {
    await this.gate.shared();
    return (await this.writer.exec(sql, params)).rows;
  }

  async destroy(): Promise<void> {
    await this.writer.close();
  }
}

/** Kysely's SQLite compiler, adapter and introspector over a {@link WriterDriver}. */
export class WriterSqliteDialect implements Dialect {
  constructor(private readonly driver: WriterDriver) {}
  createDriver(): Driver {
    return this.driver;
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's Dialect interface takes Kysely<any>
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}
