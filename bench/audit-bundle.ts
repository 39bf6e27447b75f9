/**
 * Reads an audit JSONL bundle to its end (as a download would) for bench:registers: its row
 * lines and bytes. A bundle is a `manifest-start` line, one line per row, a closing `manifest`.
 */
export async function readAuditBundle(body: ReadableStream<Uint8Array>): Promise<{ rows: number; bytes: number }> {
  const reader = body.getReader();
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (const b of value) if (b === 10) lines++;
  }
  return { rows: Math.max(0, lines - 2), bytes };
}
