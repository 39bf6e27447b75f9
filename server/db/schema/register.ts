import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';

// Every governed thing is an entry with immutable versions (DESIGN §3). The register kind of an
// entry is `kind_code`; kinds themselves are entries of the meta kind 'register-kind'.
export const entry = pgTable(
  'entry',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    kindCode: text().notNull(),
    code: text().notNull(),
    createdBy: uuid().references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('entry_kind_code_code_idx').on(t.kindCode, t.code)],
);

export const entryVersion = pgTable(
  'entry_version',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    entryId: uuid()
      .notNull()
      .references(() => entry.id),
    kindCode: text().notNull(),
    version: integer().notNull(),
    /** draft | in_review | published | superseded | retired | rejected */
    status: text().notNull(),
    content: jsonb().$type<Record<string, unknown>>().notNull(),
    /** The version this draft was based on (null for the first). */
    baseVersion: integer(),
    /** Bumped on every draft save; a save must name the revision it read (optimistic concurrency). */
    revision: integer().notNull().default(1),
    validFrom: date(),
    validTo: date(),
    authorId: uuid().references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp({ withTimezone: true }),
    publishedBy: uuid().references(() => user.id),
    changeNote: text(),
    /**
     * Everyone who wrote any revision of this version while it was a draft (author, savers,
     * importers): four eyes — none of them may decide its change request.
     */
    contributorIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [
    uniqueIndex('entry_version_entry_id_version_idx').on(t.entryId, t.version),
    index('entry_version_kind_code_valid_from_valid_to_idx').on(t.kindCode, t.validFrom, t.validTo),
    index('entry_version_status_idx').on(t.status),
  ],
);

/** Entry → entry references of a version (by code and optionally pinned version), for impact analysis. */
export const entryReference = pgTable(
  'entry_reference',
  {
    fromVersionId: uuid()
      .notNull()
      .references(() => entryVersion.id),
    field: text().notNull(),
    toKind: text().notNull(),
    toCode: text().notNull(),
    toVersion: integer(),
  },
  (t) => [primaryKey({ columns: [t.fromVersionId, t.field, t.toKind, t.toCode] }), index('entry_reference_to_kind_to_code_idx').on(t.toKind, t.toCode)],
);

/**
 * A request to publish or retire a version. Until the flow engine is bound it is decided in one
 * step by an approver who is not the author; `flowInstanceId` is the seam for the engine.
 */
export const changeRequest = pgTable(
  'change_request',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    entryId: uuid()
      .notNull()
      .references(() => entry.id),
    versionId: uuid()
      .notNull()
      .references(() => entryVersion.id),
    kindCode: text().notNull(),
    /** publish | retire */
    action: text().notNull(),
    /** open | approved | rejected | withdrawn */
    status: text().notNull().default('open'),
    requestedBy: uuid()
      .notNull()
      .references(() => user.id),
    requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    effectiveDate: date().notNull(),
    reason: text(),
    decidedBy: uuid().references(() => user.id),
    decidedAt: timestamp({ withTimezone: true }),
    decisionComment: text(),
    flowInstanceId: uuid(),
  },
  (t) => [index('change_request_status_idx').on(t.status), index('change_request_entry_id_idx').on(t.entryId)],
);

/** A named frozen set of entry versions of one register (e.g. 2024年版). */
export const edition = pgTable(
  'edition',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    kindCode: text().notNull(),
    name: text().notNull(),
    asOf: date().notNull(),
    note: text(),
    createdBy: uuid().references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    frozen: boolean().notNull().default(true),
  },
  (t) => [uniqueIndex('edition_kind_code_name_idx').on(t.kindCode, t.name)],
);

export const editionItem = pgTable(
  'edition_item',
  {
    editionId: uuid()
      .notNull()
      .references(() => edition.id),
    entryVersionId: uuid()
      .notNull()
      .references(() => entryVersion.id),
  },
  (t) => [primaryKey({ columns: [t.editionId, t.entryVersionId] })],
);
