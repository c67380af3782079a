// A Kysely dialect over the SQLite writer: every statement and transaction goes to the one write connection, in turn; write plans take the same turn.
import {
  CompiledQuery, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, SelectQueryNode,
  type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryResult,
} from 'kysely';
import type { PlanResult, WriteStep } from './plan.ts';
import type { SqliteWriter } from './sqlite-writer.ts';

/** One holder at a time of the single write connection (an open transaction keeps it until commit). */
class Turn {
  private tail: Promise<void> = Promise.resolve();
  /** Waits for the turn; call the returned function to pass it on. */
  async take(): Promise<() => void> {
    let release!: () => void;
    const previous = this.tail;
    this.tail = new Promise<void>((resolve) => { release = resolve; });
    await previous;
    return release;
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
  private readonly turn = new Turn();
  private readonly connection: WriterConnection;
  private holder: (() => void) | undefined;

  constructor(private readonly writer: SqliteWriter) {
    this.connection = new WriterConnection(writer);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    this.holder = await this.turn.take();
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

  /** Runs a write plan as one transaction when the connection is free. */
  async plan(steps: readonly WriteStep[]): Promise<PlanResult> {
    const release = await this.turn.take();
    try {
      return await this.writer.plan(steps);
    } finally {
      release();
    }
  }

  /** Runs one statement outside any transaction when the connection is free (reads of the inline store). */
  async exec(sql: string, params: readonly unknown[]): Promise<unknown[]> {
    const release = await this.turn.take();
    try {
      return (await this.writer.exec(sql, params)).rows;
    } finally {
      release();
    }
  }

  async destroy(): Promise<void> {
    await this.writer.close();
  }
}

/** Kysely's SQLite compiler, adapter and introspector over a {@link WriterDriver}. */
export class WriterSqliteDialect implements Dialect {
  constructor(private readonly driver: WriterDriver) {}
  createDriver(): Driver { return this.driver; }
  createQueryCompiler() { return new SqliteQueryCompiler(); }
  createAdapter() { return new SqliteAdapter(); }
  createIntrospector(db: Kysely<any>) { return new SqliteIntrospector(db); }
}
