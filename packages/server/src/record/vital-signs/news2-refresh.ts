import {
  calculateNews2,
  effectiveOf,
  NEWS2_TOTAL_SNOMED,
  news2ParametersOf,
  news2ToObservation,
  SNOMED_SYSTEM,
  VITAL_SIGN_SET_WINDOW_MINUTES,
  vitalSignSetAt,
  vitalSignsFromObservations,
  type SpO2Scale,
  type VitalSignSet,
  type VitalSignSetAnchor,
} from '@akson/clinical';
import { parseFhirJson } from '@akson/fhir';
import type { Observation } from '@medplum/fhirtypes';
import { searchForRule } from '../../services/rule-search.ts';
import type { WriteRuleContext } from '../../services/write-rules.ts';
import {
  asCalculated,
  hasNews2Code,
  hasNews2Identifier,
  NEWS2_IDENTIFIER_SYSTEM,
} from './calculated-news2.ts';
import { spo2ScaleOf } from './spo2-scale.ts';

/** What changed: a vital sign written (`after`), or about to be deleted (`after` undefined). */
export interface VitalSignChange {
  readonly id: string;
  readonly patientId: string;
  readonly after: Observation | undefined;
  /** The version replaced or deleted; undefined for a create. */
  readonly before: Observation | undefined;
}

/** A set's measurements lie within the window either side of the lone one looked from: read twice that. */
const SEARCH_MARGIN_MS = 2 * VITAL_SIGN_SET_WINDOW_MINUTES * 60_000;
/** vitalSignsFromObservations drops what is older than this before the newest: nothing of a set. */
const SET_SPAN_MINUTES = 2 * VITAL_SIGN_SET_WINDOW_MINUTES + 1;

interface Around {
  readonly vitals: Observation[];
  readonly news2: Observation[];
}

/**
 * Brings every NEWS2 a change touches up to date, in the write's transaction (docs/record.md "NEWS2"): the
 * NEWS2 of the set the measurement now belongs to is created or recalculated, and each NEWS2 it (or its new
 * set) was part of before is recalculated from its set as it now is, or marked entered-in-error when that set
 * is no longer complete (a measurement withdrawn, deleted, or moved to another time). A set that grew (lone
 * measurements taken minutes apart) takes over the NEWS2 of the smaller set it contains rather than adding one.
 */
export async function refreshNews2(context: WriteRuleContext, change: VitalSignChange): Promise<void> {
  const refresh = new News2Refresh(context, change);
  await refresh.run();
}

class News2Refresh {
  readonly #context: WriteRuleContext;
  readonly #change: VitalSignChange;
  #scale: Promise<SpO2Scale> | undefined;

  constructor(context: WriteRuleContext, change: VitalSignChange) {
    this.#context = context;
    this.#change = change;
  }

  async run(): Promise<void> {
    const { after, before, id } = this.#change;
    const effective = effectiveOf(after ?? before ?? ({} as Observation));
    const here = effective ? await this.#readAround(effective) : { vitals: [], news2: [] };
    const set = after && effective ? vitalSignSetAt(anchorOf(after, effective), here.vitals) : undefined;
    const touched = new Set([id, ...(set?.members.map((m) => m.id ?? '') ?? [])]);
    const related = new Map<string, Observation>();
    for (const n of here.news2) if (derivedIds(n).some((d) => touched.has(d))) related.set(n.id ?? '', n);
    if (before) for (const n of await this.#news2DerivedFrom(id)) related.set(n.id ?? '', n);

    const done = new Set<string>();
    const news2 = set ? await this.#score(set, after) : undefined;
    if (news2) {
      const key = keyOf(news2);
      const row = await this.#context.service.findByCondition(
        'Observation',
        `patient=Patient/${this.#change.patientId}&identifier=${encodeURIComponent(`${NEWS2_IDENTIFIER_SYSTEM}|${key}`)}`,
        this.#context.tx,
      );
      const keyed = row?.content ? (parseFhirJson(row.content) as Observation) : undefined;
      // No NEWS2 has this set's key: the set grew from one that had a NEWS2 (lone measurements minutes apart).
      const members = new Set(set?.members.map((m) => m.id ?? ''));
      const grown =
        keyed ??
        [...related.values()].find((n) => keyOf(n) !== key && derivedIds(n).every((d) => members.has(d)));
      await this.#save(grown, news2);
      if (grown?.id) done.add(grown.id);
    }
    for (const [nid, old] of related) {
      if (done.has(nid)) continue;
      await this.#recalculate(old, effective !== undefined ? { at: effective, around: here } : undefined);
    }
  }

  /** A NEWS2 of an earlier state of the record, against its set as it is now. */
  async #recalculate(old: Observation, cached: { at: string; around: Around } | undefined): Promise<void> {
    const key = keyOf(old);
    const near = cached && Math.abs(Date.parse(cached.at) - Date.parse(key)) <= SEARCH_MARGIN_MS / 2;
    const around = near && cached ? cached.around : await this.#readAround(key);
    const anchor: VitalSignSetAnchor = {
      effective: key,
      ...(old.encounter?.reference ? { encounter: old.encounter.reference } : {}),
    };
    const set = vitalSignSetAt(anchor, around.vitals);
    const news2 = await this.#score(set, old);
    if (news2 && keyOf(news2) === key) await this.#save(old, news2);
    else await this.#retire(old);
  }

  /** The NEWS2 of a set, if it is complete; performer and encounter from `source`. */
  async #score(set: VitalSignSet, source: Observation | undefined): Promise<Observation | undefined> {
    if (set.members.length === 0) return undefined;
    // The scale only scores a saturation, and a set without one cannot be complete: the patient's Conditions and
    // Flags are looked up only when there is one (two round trips saved on every other vital sign).
    const saturation = set.members.some((m) => news2ParametersOf(m).includes('oxygenSaturation'));
    if (saturation) this.#scale ??= spo2ScaleOf(this.#context, this.#change.patientId);
    const reading = vitalSignsFromObservations(set.members, {
      maxAgeMinutes: SET_SPAN_MINUTES,
      spo2Scale: this.#scale ? await this.#scale : 1,
    });
    const result = calculateNews2(reading.input);
    const effective = set.effective ?? reading.effectiveDateTime;
    if (!result.complete || !effective) return undefined;
    // One NEWS2 per patient and set, keyed by the set's time (the patient is part of the condition it is found
    // by, so the key survives a merge of two records of the same person).
    return news2ToObservation(result, {
      subject: { reference: `Patient/${this.#change.patientId}` },
      effectiveDateTime: effective,
      derivedFrom: reading.derivedFrom,
      identifier: [{ system: NEWS2_IDENTIFIER_SYSTEM, value: effective }],
      ...(source?.performer ? { performer: source.performer } : {}),
      ...(source?.encounter ? { encounter: source.encounter } : {}),
    });
  }

  async #save(existing: Observation | undefined, news2: Observation): Promise<void> {
    const { service, tx } = this.#context;
    if (!existing?.id) {
      await service.create('Observation', asCalculated(news2), {}, tx);
      return;
    }
    if (sameScore(existing, news2)) return;
    await service.update('Observation', existing.id, asCalculated({ ...news2, id: existing.id }), {}, tx);
  }

  /** The set this NEWS2 scored is no longer complete: the score is withdrawn, and stays in the history. */
  async #retire(old: Observation): Promise<void> {
    if (!old.id || old.status === 'entered-in-error') return;
    const { meta: _meta, ...rest } = old;
    await this.#context.service.update(
      'Observation',
      old.id,
      asCalculated({ ...rest, status: 'entered-in-error' }),
      {},
      this.#context.tx,
    );
  }

  /** The patient's measurements and server NEWS2s around a time, as the writer may see them. */
  async #readAround(effective: string): Promise<Around> {
    const time = Date.parse(effective);
    const found = (await searchForRule(this.#context, 'Observation', [
      ['patient', `Patient/${this.#change.patientId}`],
      ['date', `ge${new Date(time - SEARCH_MARGIN_MS).toISOString()}`],
      ['date', `le${new Date(time + SEARCH_MARGIN_MS).toISOString()}`],
      ['_count', '200'],
    ])) as unknown as Observation[];
    // A measurement about to be deleted is no longer part of anything.
    const gone = this.#change.after ? undefined : this.#change.id;
    const vitals: Observation[] = [];
    const news2: Observation[] = [];
    for (const o of found) {
      if (o.id === gone) continue;
      if (!hasNews2Code(o)) vitals.push(o);
      else if (hasNews2Identifier(o)) news2.push(o);
    }
    return { vitals, news2 };
  }

  async #news2DerivedFrom(id: string): Promise<Observation[]> {
    return (await searchForRule(this.#context, 'Observation', [
      ['derived-from', `Observation/${id}`],
      ['code', `${SNOMED_SYSTEM}|${NEWS2_TOTAL_SNOMED.code}`],
      ['_count', '50'],
    ])) as unknown as Observation[];
  }
}

function anchorOf(o: Observation, effective: string): VitalSignSetAnchor {
  return { effective, ...(o.encounter?.reference ? { encounter: o.encounter.reference } : {}) };
}

function derivedIds(o: Observation): string[] {
  return (o.derivedFrom ?? []).flatMap((r) =>
    r.reference?.startsWith('Observation/') ? [r.reference.slice('Observation/'.length)] : [],
  );
}

function keyOf(o: Observation): string {
  return o.identifier?.find((i) => i.system === NEWS2_IDENTIFIER_SYSTEM)?.value ?? o.effectiveDateTime ?? '';
}

/** Same status, key, total, components and sources: nothing to record (a re-sent set adds no version). */
function sameScore(a: Observation, b: Observation): boolean {
  const key = (o: Observation) =>
    JSON.stringify([
      o.status,
      keyOf(o),
      o.valueQuantity?.value,
      o.component,
      o.derivedFrom,
      o.interpretation,
      o.effectiveDateTime,
    ]);
  return key(a) === key(b);
}
