/** Turns fetched bytes into text: byte-order mark, then the Content-Type charset, then <meta>/<?xml?> declarations, then UTF-8. */
import iconv from 'iconv-lite';

export function charsetFromContentType(contentType: string | null | undefined): string | null {
  const m = contentType?.match(/charset\s*=\s*["']?([\w.:-]+)/i);
  return m ? m[1].toLowerCase() : null;
}

/** The charset a document declares in its first bytes (HTML meta or XML declaration). */
export function declaredCharset(head: string): string | null {
  const xml = head.match(/^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i);
  if (xml) return xml[1].toLowerCase();
  const meta = head.match(/<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i);
  if (meta) return meta[1].toLowerCase();
  return null;
}

export function decodeBody(bytes: Buffer, contentType: string | null | undefined): string {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return iconv.decode(bytes.subarray(2), 'utf16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return iconv.decode(bytes.subarray(2), 'utf16be');
  let charset = charsetFromContentType(contentType);
  if (!charset) charset = declaredCharset(bytes.subarray(0, 4096).toString('latin1'));
  if (charset && charset !== 'utf-8' && charset !== 'utf8' && iconv.encodingExists(charset)) {
    return iconv.decode(bytes, charset);
  }
  return bytes.toString('utf8');
}
