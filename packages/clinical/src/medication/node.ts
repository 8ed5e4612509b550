// Node-only parts of the medication domain: reading the FEST catalogue and the max-dose table from disk.
// The FEST file is streamed (optionally gzip-compressed) through the browser-safe incremental loader, so a
// full official FEST file is never held in memory as a whole or as a tree.

import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { parseMaxDoseTable, type MaxDoseTable } from './check/max-dose-table.ts';
import { createFestCatalogueLoader } from './fest/fest-interaction-loader.ts';
import type { InteractionCatalogue } from './fest/interaction-catalogue.ts';

const dataFile = (relative: string): string =>
  fileURLToPath(new URL(`../../data/${relative}`, import.meta.url));

/** Akson's own small FEST-format interaction file (documented in docs/medication.md). */
export const AKSON_INTERACTIONS_PATH = dataFile('fest/akson-interaksjoner.xml');
/** The official M30 schema (eResept v2.5, 2014-12-01), with its imports beside it. */
export const FEST_M30_XSD_PATH = dataFile('fest/xsd/R1808-eResept-M30-2014-12-01/ER-M30-2014-12-01.xsd');
export const MAX_DOSES_PATH = dataFile('medication/max-daily-doses.json');

/** The encoding named in the XML declaration; FEST files are UTF-8, but older KITH files used ISO-8859-1. */
function declaredEncoding(head: Buffer): string {
  const declaration = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(head.toString('latin1', 0, 200));
  const name = declaration?.[1]?.toLowerCase();
  return name === 'iso-8859-1' || name === 'latin1' || name === 'windows-1252' ? 'windows-1252' : 'utf-8';
}

/**
 * Loads an interaction catalogue from a FEST M30 file (`.xml` or `.xml.gz`), streaming it in chunks.
 * Only KatInteraksjon is parsed; the other catalogues are skipped as text.
 */
export async function loadFestInteractionCatalogue(path: string): Promise<InteractionCatalogue> {
  const loader = createFestCatalogueLoader();
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
  let decoder: TextDecoder | undefined;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    decoder ??= new TextDecoder(declaredEncoding(chunk));
    loader.push(decoder.decode(chunk, { stream: true }));
  }
  if (decoder) loader.push(decoder.decode());
  return loader.finish();
}

/** Akson's shipped interaction file; use the official FEST file in production (see docs/medication.md). */
export function loadAksonInteractionCatalogue(): Promise<InteractionCatalogue> {
  return loadFestInteractionCatalogue(AKSON_INTERACTIONS_PATH);
}

/** Reads and checks a max-dose table (default: the shipped one). */
export async function readMaxDoseTable(path: string = MAX_DOSES_PATH): Promise<MaxDoseTable> {
  return parseMaxDoseTable(JSON.parse(await readFile(path, 'utf8')) as unknown);
}
