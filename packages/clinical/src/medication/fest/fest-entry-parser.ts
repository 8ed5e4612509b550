// Parses one OppfInteraksjon element (as XML text) into a FestInteractionEntry with fast-xml-parser.
// Tolerant by design: namespace prefixes are dropped, unknown elements are ignored, single elements and lists
// are read the same way. Only what the XSD makes mandatory for a usable interaction is required: an id, a
// relevance, a clinical consequence and at least two substance groups, each with a substance that has an ATC
// code or a FEST substance id.

import { XMLParser } from 'fast-xml-parser';
import { normalizeAtc } from '../atc-code.ts';
import {
  severityForRelevance,
  type FestCode,
  type FestInteraction,
  type FestInteractionEntry,
  type FestReference,
  type FestSubstance,
  type FestSubstanceGroup,
} from './fest-interaction.ts';

type XmlNode = Record<string, unknown>;

export function createFestEntryParser(): (entryXml: string) => FestInteractionEntry {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    // The entry comes without the root's xmlns declarations; prefixes are removed, so none are needed.
    processEntities: true,
    htmlEntities: false,
  });
  return (entryXml) => readEntry(parser.parse(entryXml) as XmlNode);
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function asNode(value: unknown): XmlNode | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first !== null && typeof first === 'object' ? (first as XmlNode) : undefined;
}

/** Text content of an element that may be a plain string or an object with attributes. */
function text(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first.trim() || undefined;
  if (typeof first === 'number' || typeof first === 'boolean') return String(first);
  const node = asNode(first);
  const inner = node?.['#text'];
  return typeof inner === 'string' ? inner.trim() || undefined : undefined;
}

function attribute(value: unknown, name: string): string | undefined {
  const raw = asNode(value)?.[`@${name}`];
  return typeof raw === 'string' ? raw.trim() || undefined : undefined;
}

function code(value: unknown): FestCode | undefined {
  const v = attribute(value, 'V');
  if (v === undefined) return undefined;
  const display = attribute(value, 'DN');
  const system = attribute(value, 'S');
  return {
    code: v,
    ...(display !== undefined ? { display } : {}),
    ...(system !== undefined ? { system } : {}),
  };
}

function readSubstance(value: unknown): FestSubstance | undefined {
  const node = asNode(value);
  if (!node) return undefined;
  const atcCode = normalizeAtc(attribute(node['Atc'], 'V'));
  const atcDisplay = attribute(node['Atc'], 'DN');
  const name = text(node['Substans']) ?? atcDisplay ?? atcCode;
  if (name === undefined) return undefined;
  const substanceIds = asArray(node['RefVirkestoff'])
    .map((ref) => text(ref))
    .filter((ref): ref is string => ref !== undefined);
  return {
    name,
    ...(atcCode !== undefined ? { atc: atcCode } : {}),
    ...(atcDisplay !== undefined ? { atcDisplay } : {}),
    substanceIds,
  };
}

function readGroup(value: unknown): FestSubstanceGroup | undefined {
  const node = asNode(value);
  if (!node) return undefined;
  const substances = asArray(node['Substans'])
    .map(readSubstance)
    .filter((substance): substance is FestSubstance => substance !== undefined);
  const name = text(node['Navn']);
  return substances.length > 0 ? { ...(name !== undefined ? { name } : {}), substances } : undefined;
}

function readReference(value: unknown): FestReference | undefined {
  const node = asNode(value);
  const source = text(node?.['Kilde']);
  if (!node || source === undefined) return undefined;
  const url = attribute(node['Lenke'], 'V');
  return { source, ...(url !== undefined ? { url } : {}) };
}

function readInteraction(node: XmlNode, entryId: string, updated: string | undefined): FestInteractionEntry {
  const id = text(node['Id']);
  const relevance = code(node['Relevans']);
  const clinicalConsequence = text(node['KliniskKonsekvens']);
  const groups = asArray(node['Substansgruppe'])
    .map(readGroup)
    .filter((group): group is FestSubstanceGroup => group !== undefined);
  // A side is usable when a substance of it can be matched: by ATC code, or by FEST substance id (KatVirkestoff)
  // where FEST gives no ATC code (some substances have none).
  const matchable = groups.filter((group) =>
    group.substances.some((substance) => substance.atc !== undefined || substance.substanceIds.length > 0),
  );
  if (!id || !relevance || !clinicalConsequence || matchable.length < 2) {
    const missing = !id
      ? 'Interaksjon/Id'
      : !relevance
        ? 'Interaksjon/Relevans'
        : !clinicalConsequence
          ? 'Interaksjon/KliniskKonsekvens'
          : 'two Substansgruppe with an ATC code or RefVirkestoff';
    return { kind: 'skipped', entryId, reason: 'invalid', detail: `missing ${missing}` };
  }
  const situationCriterion = text(node['Situasjonskriterium']);
  const mechanism = text(node['Interaksjonsmekanisme']);
  const sourceBasis = code(node['Kildegrunnlag']);
  const handling = text(node['Handtering']);
  const interaction: FestInteraction = {
    entryId,
    ...(updated !== undefined ? { updated } : {}),
    id,
    relevance,
    severity: severityForRelevance(relevance.code),
    ...(situationCriterion !== undefined ? { situationCriterion } : {}),
    clinicalConsequence,
    ...(mechanism !== undefined ? { mechanism } : {}),
    ...(sourceBasis !== undefined ? { sourceBasis } : {}),
    ...(handling !== undefined ? { handling } : {}),
    visibility: asArray(node['Visningsregel'])
      .map(code)
      .filter((rule): rule is FestCode => rule !== undefined),
    references: asArray(node['Referanse'])
      .map(readReference)
      .filter((reference): reference is FestReference => reference !== undefined),
    groups,
  };
  return { kind: 'interaction', interaction };
}

function readEntry(document: XmlNode): FestInteractionEntry {
  const entry = asNode(document['OppfInteraksjon']);
  if (!entry) return { kind: 'skipped', reason: 'invalid', detail: 'no OppfInteraksjon element' };
  const entryId = text(entry['Id']) ?? '';
  const status = attribute(entry['Status'], 'V');
  // Status A = aktiv oppføring. Entries FEST marks otherwise are withdrawn; a missing status is kept.
  if (status !== undefined && status !== 'A') {
    return { kind: 'skipped', entryId, reason: 'inactive', detail: `Status ${status}` };
  }
  const updated = text(entry['Tidspunkt']);
  const notAssessed = asNode(entry['InteraksjonIkkeVurdert']);
  if (notAssessed) {
    const atc = normalizeAtc(attribute(notAssessed['Atc'], 'V'));
    const atcDisplay = attribute(notAssessed['Atc'], 'DN');
    if (!atc)
      return { kind: 'skipped', entryId, reason: 'invalid', detail: 'InteraksjonIkkeVurdert without ATC' };
    return { kind: 'not-assessed', entryId, atc, ...(atcDisplay !== undefined ? { atcDisplay } : {}) };
  }
  const interaction = asNode(entry['Interaksjon']);
  if (!interaction) return { kind: 'skipped', entryId, reason: 'invalid', detail: 'empty OppfInteraksjon' };
  return readInteraction(interaction, entryId, updated);
}
