// Finds OppfInteraksjon entries in FEST XML that arrives in chunks, without building a tree of the whole file.
// A full FEST file is tens of megabytes, mostly products and packages; only KatInteraksjon matters here, so the
// scanner keeps at most one entry (plus a short tail) in memory and hands each complete entry to a callback.
// Browser-safe: the Node wrapper feeds it from a file stream, the browser from a string.

const OPEN_TAG = /<([A-Za-z_][\w.-]*:)?OppfInteraksjon[\s>]/g;
const RETRIEVED_AT = /<(?:[A-Za-z_][\w.-]*:)?HentetDato>\s*([^<]*?)\s*</;
/** Enough to hold a split `<prefix:OppfInteraksjon ` or `<HentetDato>…</` between chunks. */
const TAIL = 256;

export interface FestEntryScanner {
  push(chunk: string): void;
  end(): void;
  /** FEST/HentetDato when seen. */
  readonly retrievedAt: string | undefined;
}

export function createFestEntryScanner(onEntry: (entryXml: string) => void): FestEntryScanner {
  let buffer = '';
  let retrievedAt: string | undefined;
  let seenEntry = false;

  function drain(): void {
    if (retrievedAt === undefined && !seenEntry) {
      const match = RETRIEVED_AT.exec(buffer);
      if (match) retrievedAt = match[1];
    }
    let position = 0;
    for (;;) {
      OPEN_TAG.lastIndex = position;
      const open = OPEN_TAG.exec(buffer);
      if (!open) {
        buffer = buffer.slice(Math.max(position, buffer.length - TAIL));
        return;
      }
      seenEntry = true;
      const closeTag = `</${open[1] ?? ''}OppfInteraksjon>`;
      const close = buffer.indexOf(closeTag, open.index);
      if (close < 0) {
        buffer = buffer.slice(open.index);
        return;
      }
      const end = close + closeTag.length;
      onEntry(buffer.slice(open.index, end));
      position = end;
    }
  }

  return {
    push(chunk: string) {
      buffer += chunk;
      drain();
    },
    end() {
      drain();
      buffer = '';
    },
    get retrievedAt() {
      return retrievedAt;
    },
  };
}
