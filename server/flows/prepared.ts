/**
 * The engine's hot statements as named (server-side prepared) statements.
 *
 * Drizzle sends a query without a name as an unnamed statement, which PostgreSQL parses, analyses
 * and plans again on every execution — for the engine's few, always identical statements (the
 * lock, the step's write, the assignee lookups) that was about half of the database's CPU per
 * action (bench/flows.ts). Given a name, postgres.js prepares each distinct statement text once
 * per connection (an LRU of them) and then only binds and executes it; PostgreSQL keeps its plan.
 * Statement texts must therefore never embed values: those are always parameters. On PGlite the
 * name changes nothing.
 *
 * A prepared statement soon runs on a generic plan, made once and kept while the connection
 * lives — possibly made while the tables were nearly empty (a new database). So each statement
 * must have a plan that is right at any table size: look rows up by key (see run.ts
 * `taskUpdates`), never join a table to a set-returning function the planner costs at 100 rows.
 *
 * `compiledSelect` also builds a select's text once per process (with placeholders for its
 * values) and maps its rows without Drizzle's per-row bookkeeping: the lock's two reads run on
 * every action.
 */
import { getTableColumns, type Column, type SQL } from 'drizzle-orm';
import { PgDialect, QueryBuilder, type PgSelect, type PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db';

const dialect = new PgDialect({ casing: 'snake_case' });
/** The builder compiled selects and their subqueries are written with (see `compiledSelect`). */
export const queryBuilder = new QueryBuilder({ casing: 'snake_case' });

/** Runs `query` as the prepared statement `name`; the raw result, as `db.execute` gives it. */
export function executePrepared(db: Db, name: string, query: SQL): Promise<unknown> {
  return db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false).execute();
}

type Row<T extends PgTable> = T['$inferSelect'];

/** Rows of every column of `table` from the driver's arrays, as Drizzle's `select()` maps them. */
function rowMapper<T extends PgTable>(table: T): (rows: unknown[][]) => Row<T>[] {
  const columns = Object.entries(getTableColumns(table)) as [string, Column][];
  return (rows) =>
    rows.map((raw) => {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < columns.length; i++) {
        const [key, column] = columns[i]!;
        const value = raw[i];
        row[key] = value === null ? null : column.mapFromDriverValue(value);
      }
      return row as Row<T>;
    });
}

export type CompiledSelect<T extends PgTable, P extends string> = (db: Db, values: Record<P, unknown>) => Promise<Row<T>[]>;

/**
 * Every column of `table`, the rest of the query (`where`, order, lock …) added by `build` on
 * `queryBuilder`'s select, values as `sql.placeholder(name)`: compiled on first use, then run as
 * the prepared statement `name` with `values` for the placeholders.
 */
export function compiledSelect<T extends PgTable, P extends string>(name: string, table: T, build: (select: PgSelect) => PgSelect): CompiledSelect<T, P> {
  let query: { sql: string; params: unknown[] } | null = null;
  const map = rowMapper(table);
  return (db, values) => {
    query ??= build(queryBuilder.select(getTableColumns(table)).from(table as PgTable).$dynamic() as unknown as PgSelect).toSQL();
    return db._.session.prepareQuery(query, undefined, name, true, map).execute(values) as Promise<Row<T>[]>;
  };
}
