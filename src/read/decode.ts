/**
 * Bytes → text: BOMs, UTF-8, and the 8-bit encodings Syrian pages come in when they are not UTF-8:
 * Windows-1256 (Arabic) and Windows-1252/Latin-1. Binary files are refused.
 */
import iconv from 'iconv-lite';

export type Decoded = { ok: true; text: string; encoding: string } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** True when the bytes look like a binary file: NUL bytes (outside UTF-16) or many control characters. */
export function looksBinary(buf: Uint8Array): boolean {
  const n = Math.min(buf.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i];
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  return n > 0 && control / n > 0.1;
}

/** charset named in an HTML page's <meta>, if any */
function htmlCharset(buf: Uint8Array): string | null {
  const head = Buffer.from(buf.subarray(0, 4096)).toString('latin1');
  const m = head.match(/<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i);
  return m ? m[1].toLowerCase() : null;
}

/**
 * Windows-1256 or Windows-1252 for bytes that are not UTF-8. Arabic in 1256 writes words as runs of
 * bytes ≥ 0xC0; Latin text in 1252 has single accented letters between ASCII ones.
 */
export function guessEightBit(buf: Uint8Array): 'windows-1256' | 'windows-1252' {
  let high = 0;
  let inRuns = 0;
  let run = 0;
  const n = Math.min(buf.length, 65536);
  for (let i = 0; i <= n; i++) {
    const b = i < n ? buf[i] : 0;
    if (b >= 0xc0) {
      high++;
      run++;
    } else {
      if (run >= 3) inRuns += run;
      run = 0;
    }
  }
  return high > 0 && inRuns / high > 0.5 ? 'windows-1256' : 'windows-1252';
}

/** UTF-16 without a byte-order mark: mostly-ASCII text has a zero in every other byte. */
function utf16WithoutBom(buf: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(buf.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) evenZeros++;
    if (buf[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

export function decode(buf: Uint8Array, opts: { html?: boolean } = {}): Decoded {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { ok: true, text: Buffer.from(buf.subarray(3)).toString('utf8'), encoding: 'utf-8' };
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return { ok: true, text: iconv.decode(Buffer.from(buf.subarray(2)), 'utf-16le'), encoding: 'utf-16le' };
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    return { ok: true, text: iconv.decode(Buffer.from(buf.subarray(2)), 'utf-16be'), encoding: 'utf-16be' };
  }
  const wide = utf16WithoutBom(buf);
  if (wide) return { ok: true, text: iconv.decode(Buffer.from(buf), wide), encoding: wide };
  if (looksBinary(buf)) return { ok: false, reason: 'binary file (not text)' };
  try {
    return { ok: true, text: utf8.decode(buf), encoding: 'utf-8' };
  } catch {
    // not UTF-8: an HTML page may say what it is, else guess
  }
  const declared = opts.html ? htmlCharset(buf) : null;
  const enc = declared && declared !== 'utf-8' && declared !== 'utf8' && iconv.encodingExists(declared) ? declared : guessEightBit(buf);
  return { ok: true, text: iconv.decode(Buffer.from(buf), enc), encoding: enc };
}
