import type { ResourceRow } from '@akson/store';
import { refOf, resourceOf, type Params, type RecordSearch } from './record-search.ts';
import type { TimelineEvent, TimelineSource } from './timeline-sources.ts';

/** Where a page starts: after the entry at `time` with `key`, in timeline order (newest first, then by key). */
export interface TimelinePosition {
  readonly time: number;
  readonly key: string;
}

export interface TimelineQuery {
  readonly count: number;
  /** Largest page the store is asked for. */
  readonly maxCount: number;
  readonly after: TimelinePosition | undefined;
  readonly sources: readonly TimelineSource[];
  /**
   * Producing services to keep (Akson service codes), and the units that provide them (for resources whose
   * access labels do not name a service: an import names only the unit); undefined keeps all.
   */
  readonly services: { readonly codes: ReadonlySet<string>; readonly units: ReadonlySet<string> } | undefined;
  readonly from: { readonly value: string; readonly time: number } | undefined;
  /** `time` is the end of the `to` value (2025-03 runs to the end of March). */
  readonly to: { readonly value: string; readonly time: number } | undefined;
  readonly timeZone: string;
}

export interface TimelineItem {
  readonly row: ResourceRow;
  readonly event: TimelineEvent;
  readonly key: string;
  /** Producing unit and service, from the access labels written with the resource (else the unit it names). */
  readonly unitRef: string | undefined;
  readonly service: string | undefined;
}

export interface TimelinePage {
  readonly items: readonly TimelineItem[];
  readonly next: TimelinePosition | undefined;
  /** What the caller's searches withheld (first page only: later pages would count a part of it again). */
  readonly withheld: number | undefined;
}

/**
 * One page of the timeline. Each source is read newest first with the caller's own searches (from the page's
 * time on, when there is a cursor), pulling more of a source only while it has not yet given `count + 1`
 * events that pass the filters; the sources' events are then merged. An event's time is the first instant of
 * the source's `date` value, exactly what the store sorts on, so a source's own order and the merged order
 * agree and no event is skipped or repeated between pages.
 */
export async function readTimelinePage(search: RecordSearch, query: TimelineQuery): Promise<TimelinePage> {
  const need = query.count + 1;
  const perSource = await Promise.all(query.sources.map((source) => readSource(search, source, query, need)));
  const items = perSource.flatMap((s) => s.items).sort(compareItems);
  const page = items.slice(0, query.count);
  const last = page[page.length - 1];
  return {
    items: page,
    next: items.length > query.count && last ? { time: last.event.time, key: last.key } : undefined,
    withheld: query.after ? undefined : perSource.reduce((n, s) => n + s.withheld, 0),
  };
}

async function readSource(
  search: RecordSearch,
  source: TimelineSource,
  query: TimelineQuery,
  need: number,
): Promise<{ items: TimelineItem[]; withheld: number }> {
  const params: Params = [
    ...source.params,
    ['_sort', '-date'],
    ...(source.paged ? windowParams(query) : []),
    ['_count', String(source.paged ? Math.min(need, query.maxCount) : query.maxCount)],
  ];
  const items: TimelineItem[] = [];
  let withheld = 0;
  let cursor: string | undefined;
  let first = true;
  let lastTime: number | undefined;
  do {
    const found = await search(source.type, cursor ? [...params, ['_cursor', cursor]] : params);
    if (first) withheld = found.withheld;
    first = false;
    for (const row of found.rows) {
      const all = itemsOf(row, source, query);
      lastTime = all[all.length - 1]?.event.time ?? lastTime;
      items.push(...all.filter((item) => kept(item, query)));
    }
    cursor = found.next;
    // Enough once `need` events are in hand and the rows at the last one's instant are all read (the store
    // breaks ties by id in its own collation; the merge orders them itself).
  } while (cursor && (!source.paged || items.length < need || lastTime === items[need - 1]?.event.time));
  return { items, withheld };
}

/** The store's side of the window: what can be on this page (the exact test is done per event). */
function windowParams(query: TimelineQuery): Params {
  const out: [string, string][] = [];
  if (query.after) out.push(['date', `le${new Date(query.after.time).toISOString()}`]);
  if (query.from) out.push(['date', `ge${query.from.value}`]);
  if (query.to) out.push(['date', `le${query.to.value}`]);
  return out;
}

function itemsOf(row: ResourceRow, source: TimelineSource, query: TimelineQuery): TimelineItem[] {
  const unitTag = row.accessTags.find((t) => t.startsWith('unit:'))?.slice('unit:'.length);
  const service = row.accessTags.find((t) => t.startsWith('svc:'))?.split('/')[1];
  return source.events(resourceOf(row), query.timeZone).map((event) => ({
    row,
    event,
    key: `${refOf(row)}${event.kind === 'episode-end' ? '#end' : ''}`,
    unitRef: unitTag ?? event.unitRef,
    service,
  }));
}

/** The filters, per event: service, the from/to window, and after the page's cursor. */
function kept(item: TimelineItem, query: TimelineQuery): boolean {
  const services = query.services;
  if (
    services &&
    !(item.service ? services.codes.has(item.service) : services.units.has(item.unitRef ?? ''))
  ) {
    return false;
  }
  const { time } = item.event;
  if (query.from && time < query.from.time) return false;
  if (query.to && time >= query.to.time) return false;
  const after = query.after;
  return !after || time < after.time || (time === after.time && item.key > after.key);
}

function compareItems(a: TimelineItem, b: TimelineItem): number {
  if (a.event.time !== b.event.time) return b.event.time - a.event.time;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
