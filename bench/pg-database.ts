// A fresh database on a PostgreSQL server for one bench run, dropped at its end (used by the benches that measure on PostgreSQL).
import pg from 'pg';

/** A database made by {@link createPostgresDatabase}. */
export interface PostgresDatabase {
  /** Its name on the server. */
  name: string;
  /** Its connection URL: the server URL with the database as path. */
  url: string;
  /** Drops it, over a new connection to the server. */
  drop(): Promise<void>;
}

/** Options of {@link createPostgresDatabase}. */
export interface PostgresDatabaseOptions {
  /** Start of the name, followed by the process id and the time (default `lanjie_bench`). */
  prefix?: string;
  /** Drop it `with (force)`, ending the connections still open to it (default false). */
  force?: boolean;
}

/** Creates an empty database on the PostgreSQL server at `serverUrl` (e.g. `postgres://postgres@127.0.0.1:5432/postgres`) for one run. */
export async function createPostgresDatabase(serverUrl: string, options: PostgresDatabaseOptions = {}): Promise<PostgresDatabase> {
  const name = `${options.prefix ?? 'lanjie_bench'}_${process.pid}_${Date.now()}`;
  await onServer(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => onServer(serverUrl, `drop database if exists ${name}${options.force ? ' with (force)' : ''}`),
  };
}

/** Runs one statement on its own connection to the server. */
async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
