import { sql } from 'drizzle-orm';
import { customType, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  // postgres.js gives a Buffer, PGlite a Uint8Array: both are Uint8Arrays.
  fromDriver: (v) => (v instanceof Uint8Array ? v : new Uint8Array(v as ArrayBufferLike)),
});

/**
 * Files the platform keeps: uploaded document templates and evidence, and the documents it
 * produced (告知书, 决定书 …). Content-addressed by SHA-256, so a file is stored once however many
 * versions or cases refer to it, and the hash in an audit row names exactly these bytes.
 * Never updated or deleted (a trigger refuses it).
 */
export const storedFile = pgTable(
  'stored_file',
  {
    sha256: text().primaryKey(),
    mediaType: text().notNull(),
    size: integer().notNull(),
    bytes: bytea().notNull(),
    /** For DOCX templates: the placeholders found at upload. */
    placeholders: jsonb().$type<string[]>(),
    createdBy: uuid().references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('stored_file_created_at_idx').on(t.createdAt)],
);
