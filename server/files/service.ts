/**
 * Stored files (server/db/schema/file.ts): content-addressed by SHA-256, written once. Callers
 * check what a file may be (a DOCX template, evidence) before storing it; reading is always
 * through the object that owns the reference (a list entry, a case), which decides who may.
 */
import { createHash } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { storedFile } from '../db/schema';
import { DomainError } from '../errors';

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export interface StoredRef {
  sha256: string;
  size: number;
  mediaType: string;
}

export async function putFile(db: Db, input: { bytes: Uint8Array; mediaType: string; placeholders?: string[]; createdBy: string | null }): Promise<StoredRef> {
  const sha256 = sha256Of(input.bytes);
  await db
    .insert(storedFile)
    .values({ sha256, mediaType: input.mediaType, size: input.bytes.length, bytes: input.bytes, placeholders: input.placeholders ?? null, createdBy: input.createdBy })
    .onConflictDoNothing();
  return { sha256, size: input.bytes.length, mediaType: input.mediaType };
}

export async function getFile(db: Db, sha256: string) {
  const [row] = await db.select().from(storedFile).where(eq(storedFile.sha256, sha256));
  if (!row) throw new DomainError('NOT_FOUND', 'documents.errors.fileNotFound');
  return row;
}

/** Placeholders and media types of stored files (for definition checks), without their bytes. */
export async function fileFacts(db: Db, hashes: string[]) {
  if (!hashes.length) return new Map<string, { mediaType: string; placeholders: string[] | null }>();
  const rows = await db.select({ sha256: storedFile.sha256, mediaType: storedFile.mediaType, placeholders: storedFile.placeholders }).from(storedFile).where(inArray(storedFile.sha256, hashes));
  return new Map(rows.map((r) => [r.sha256, { mediaType: r.mediaType, placeholders: r.placeholders }]));
}
