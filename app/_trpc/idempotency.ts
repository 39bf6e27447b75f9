'use client';
import { useState } from 'react';

/**
 * One idempotency key per form session (server/idempotency.ts): made when the form or dialog
 * opens and sent with its submit, so a double click or a retry after a lost answer returns the
 * first result instead of writing a second record. `crypto.randomUUID` needs a secure context
 * (HTTPS or localhost); an office intranet served over plain HTTP has only `getRandomValues`.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function useIdempotencyKey(): string {
  const [key] = useState(newIdempotencyKey);
  return key;
}
