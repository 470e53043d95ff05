/** Lines out of a byte stream, one at a time: memory stays flat however long the file is. */

export type Line = { n: number; bytes: Buffer } | { n: number; tooLong: true };

export async function* splitLines(chunks: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let pending = 0;
  let skipping = false;
  let n = 0;
  for await (const c of chunks) {
    const chunk = typeof c === 'string' ? Buffer.from(c) : c;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      n++;
      if (skipping) yield { n, tooLong: true };
      else {
        const piece = chunk.subarray(start, nl);
        if (pending + piece.length > maxBytes) yield { n, tooLong: true };
        else yield { n, bytes: parts.length ? Buffer.concat([...parts, piece]) : piece };
      }
      parts = [];
      pending = 0;
      skipping = false;
      start = nl + 1;
    }
    if (start < chunk.length && !skipping) {
      const rest = chunk.subarray(start);
      if (pending + rest.length > maxBytes) {
        skipping = true;
        parts = [];
        pending = 0;
      } else {
        parts.push(Buffer.from(rest)); // copy: the stream may reuse its buffer
        pending += rest.length;
      }
    }
  }
  if (skipping) yield { n: n + 1, tooLong: true };
  else if (pending > 0) yield { n: n + 1, bytes: Buffer.concat(parts) };
}
