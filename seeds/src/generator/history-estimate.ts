import { type Actor } from '@rectify/ledger-domain';
import { simulateEntry } from './entry-lifecycle';
import { cityChecklistItems, itemGroups, normaliseHistoryOptions, tenantRefOf } from './history-generator';
import { type HistoryEstimate, type HistoryOptions } from './history-types';
import { rngFor } from './seeded-random';

const SAMPLE_ENTRIES = 2_000;
const SAMPLE_SEED = 20230725;

let sampledEventsPerEntry: { startDate: string; value: number } | null = null;

/** The mean events per entry over a fixed sample of simulated lifecycles (same code as the generator). */
function eventsPerEntry(options: HistoryOptions): number {
  const o = normaliseHistoryOptions(options);
  const t = o.timeline;
  if (sampledEventsPerEntry !== null && sampledEventsPerEntry.startDate === t.startDate) return sampledEventsPerEntry.value;
  const items = cityChecklistItems();
  const actor = (userId: string): Actor => ({ userId, name: '张建国' });
  const city = tenantRefOf('410100', '410100');
  const county = tenantRefOf('410101', '410100/410101');
  const township = tenantRefOf('410101001', '410100/410101/410101001');
  let events = 0;
  for (let i = 0; i < SAMPLE_ENTRIES; i++) {
    const rng = rngFor(SAMPLE_SEED, `sample/${i}`);
    const item = items[i % items.length];
    if (!item) continue;
    const day = rng.between(t.inspectionFirstDay, t.inspectionLastDay);
    const history = simulateEntry(
      {
        entryId: `e-sample-${i}`,
        campaignId: 'c-sample',
        villageCode: '410101001201',
        item,
        parties: {
          township,
          townshipName: '样本镇',
          county,
          city,
          inspector: actor('u-inspector'),
          officer: actor('u-officer'),
          reviewer: actor('u-reviewer'),
          escalationWorker: actor('escalation-worker'),
        },
        campaignDeadlines: { immediate: t.immediate, fixedTerm: t.fixedTerm },
        timeline: t,
        recordedAt: t.at(day, 9, rng.between(0, 400)),
        priorSignedOff: [],
      },
      rng,
    );
    events += history.events.length;
  }
  const value = events / SAMPLE_ENTRIES;
  sampledEventsPerEntry = { startDate: t.startDate, value };
  return value;
}

/**
 * Expected sizes of `generateHistory(options)`, without generating it: tenant counts are exact
 * (the tenant source is walked), entries are cells × problemRate, events per entry come from a
 * fixed sample of 2,000 simulated lifecycles. Every entry takes two appends (ProblemRecorded, then
 * the rest of its life); every village one append per sub-area.
 */
export function estimateHistory(options: HistoryOptions): HistoryEstimate {
  const o = normaliseHistoryOptions(options);
  const items = cityChecklistItems();
  const groups = itemGroups(items).length;
  let cities = 0;
  let counties = 0;
  let townships = 0;
  let villages = 0;
  for (const city of o.tenants.cities()) {
    cities += 1;
    for (const county of city.counties) {
      counties += 1;
      for (const township of county.townships()) {
        townships += 1;
        villages += township.villages.length;
      }
    }
  }
  const cells = villages * items.length;
  const entries = cells * o.problemRate;
  const perEntry = entries > 0 ? eventsPerEntry(options) : 0;
  // City: checklist + issue; county and township: forward, checklist, receive.
  const campaignEvents = cities * 2 + (counties + townships) * 3;
  const entryEvents = entries * perEntry;
  return {
    cities,
    counties,
    townships,
    villages,
    items: items.length,
    cells,
    entries: Math.round(entries),
    eventsPerEntry: Math.round(perEntry * 100) / 100,
    campaignEvents,
    inspectionEvents: cells,
    entryEvents: Math.round(entryEvents),
    events: Math.round(campaignEvents + cells + entryEvents),
    appends: Math.round(campaignEvents + villages * groups + 2 * entries),
  };
}
