export type { ChecklistItemSeed } from './checklist/checklist-item-seed';
export type { ChecklistCategorySeed, ChecklistSubAreaSeed } from './checklist/checklist-structure';
export { checklistCategories, checklistSubAreas } from './checklist/checklist-structure';
export { xuchangChecklist } from './checklist/xuchang-checklist';
export { yuzhouChecklist } from './checklist/yuzhou-checklist';
export type { ChecklistItemDifference } from './checklist/checklist-differences';
export { diffChecklists, xuchangToYuzhouDifferences } from './checklist/checklist-differences';

export type {
  CampaignForwardSeed,
  CampaignPhaseSeed,
  CampaignSeed,
  CountyItemFigureSeed,
  IsoDate,
  ReportingSeed,
} from './campaign/campaign-seed';
export { countyFigureAmount, countyItemFigures, xuchangCampaign, yuzhouForward } from './campaign/xuchang-campaign';

export type { TenantLevel, TenantSeed, VillageSeed } from './tenants/tenant-seed';
export { xuchangTenants, xuchangVillages } from './tenants/xuchang-divisions.generated';
export { childrenOf, findTenantByCode, villagesOf } from './tenants/tenant-lookup';

export type {
  HistoryAppend,
  HistoryCampaignFacts,
  HistoryCity,
  HistoryCounty,
  HistoryEstimate,
  HistoryEvent,
  HistoryEventMetadata,
  HistoryOptions,
  HistoryTenantSource,
  HistoryTownship,
  HistoryVillage,
} from './generator/history-types';
export { DEFAULT_PROBLEM_RATE, generateHistory } from './generator/history-generator';
export { estimateHistory } from './generator/history-estimate';
export type { DivisionRows, HistorySize } from './generator/history-tenants';
export { divisionTenantSource, syntheticTenantSource } from './generator/history-tenants';
export { deterministicUuid } from './generator/seeded-random';
