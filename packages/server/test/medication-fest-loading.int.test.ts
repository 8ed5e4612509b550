/**
 * Loading an installation's FEST file: what was loaded and skipped is logged, and a configured file that yields
 * no interaction stops the server from starting (checking against it would call every combination safe).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '@akson/store/testing';
import { loadConfig } from '../src/index.ts';
import { medicationKnowledge, useFestFile } from '../src/medication/medication-knowledge.ts';
import { startServer } from '../src/start-server.ts';
import { TEST_AUDIT_KEY } from './test-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'akson-fest-load-'));
function festFile(name: string, entries: string): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    `<?xml version="1.0" encoding="UTF-8"?><FEST><HentetDato>2026-02-01T00:00:00</HentetDato><KatInteraksjon>${entries}</KatInteraksjon></FEST>`,
  );
  return path;
}

const usable = `<OppfInteraksjon><Id>A</Id><Status V="A"/><Interaksjon><Id>I1</Id><Relevans V="1" DN="Bør unngås"/>
  <KliniskKonsekvens>Økt blødningsrisiko.</KliniskKonsekvens>
  <Substansgruppe><Substans><Substans>Warfarin</Substans><Atc V="B01AA03"/></Substans></Substansgruppe>
  <Substansgruppe><Substans><Substans>Naproksen</Substans><Atc V="M01AE02"/></Substans></Substansgruppe></Interaksjon></OppfInteraksjon>`;
const withdrawn = usable.replace('<Id>A</Id><Status V="A"/>', '<Id>B</Id><Status V="U"/>');
const incomplete = `<OppfInteraksjon><Id>C</Id><Status V="A"/><Interaksjon><Id>I2</Id><Relevans V="1"/>
  <Substansgruppe><Substans><Substans>Warfarin</Substans><Atc V="B01AA03"/></Substans></Substansgruppe></Interaksjon></OppfInteraksjon>`;

function capture() {
  const lines: { level: 'info' | 'warn'; details: Record<string, unknown>; message: string }[] = [];
  return {
    lines,
    log: {
      info: (details: Record<string, unknown>, message: string) =>
        lines.push({ level: 'info', details, message }),
      warn: (details: Record<string, unknown>, message: string) =>
        lines.push({ level: 'warn', details, message }),
    },
  };
}

describe('loading a FEST file', () => {
  it('logs what was loaded, what was skipped and why', async () => {
    const { lines, log } = capture();
    const path = festFile('fest-med-feil.xml', usable + withdrawn + incomplete);
    const knowledge = await useFestFile(path, log);
    expect(knowledge.catalogue.stats.interactions).toBe(1);
    expect(lines.map((line) => line.level)).toEqual(['info', 'warn']);
    expect(lines[0]?.message).toBe('FEST interaction catalogue loaded: 1 interactions');
    expect(lines[0]?.details['fest']).toMatchObject({
      source: 'fest-med-feil.xml',
      entries: 3,
      interactions: 1,
      skipped: 2,
      skippedBecause: { 'Status U': 1, 'missing Interaksjon/KliniskKonsekvens': 1 },
    });
    expect(lines[1]?.message).toMatch(
      /1 entries skipped as unusable: .*missing Interaksjon\/KliniskKonsekvens/,
    );
  });

  it('refuses a file without any usable interaction and keeps the catalogue in use', async () => {
    const good = await useFestFile(festFile('fest-god.xml', usable));
    const empty = festFile('fest-tom.xml', withdrawn + incomplete);
    await expect(useFestFile(empty)).rejects.toThrow(
      /fest-tom\.xml \(AKSON_FEST_FILE\) has no usable interaction/,
    );
    expect((await medicationKnowledge()).source).toBe(good.source);
  });

  it('stops the server from starting when AKSON_FEST_FILE has no interaction', async () => {
    const database = await openTestDatabase();
    try {
      const config = loadConfig(
        {},
        {
          AKSON_PORT: '0',
          AKSON_PUBLIC_URL: 'http://127.0.0.1:1',
          AKSON_LOG_LEVEL: 'silent',
          AKSON_HOST: '127.0.0.1',
          AKSON_DATA_DIR: mkdtempSync(join(tmpdir(), 'akson-fest-start-')),
          AKSON_AUDIT_KEY: TEST_AUDIT_KEY,
          AKSON_FEST_FILE: festFile('fest-feil-fil.xml', incomplete),
        },
      );
      await expect(startServer(config, { db: database.db })).rejects.toThrow(/has no usable interaction/);
    } finally {
      await database.close();
    }
  });
});
