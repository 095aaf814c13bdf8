import { CampaignForwardEntity } from './campaign-forward.entity';
import { CampaignEntity } from './campaign.entity';
import { ChecklistItemEntity } from './checklist-item.entity';
import { ChecklistVersionEntity } from './checklist-version.entity';
import { InspectionCheckEntity } from './inspection-check.entity';
import { LedgerEntryEntity } from './ledger-entry.entity';
import { ProjectionCheckpointEntity } from './projection-checkpoint.entity';
import { RecurrenceIndexEntity } from './recurrence-index.entity';
import { ReportEntity } from './report.entity';
import { RollupCounterEntity } from './rollup-counter.entity';
import { VillageEntity } from './village.entity';

export {
  CampaignForwardEntity,
  CampaignEntity,
  ChecklistItemEntity,
  ChecklistVersionEntity,
  InspectionCheckEntity,
  LedgerEntryEntity,
  ProjectionCheckpointEntity,
  RecurrenceIndexEntity,
  ReportEntity,
  RollupCounterEntity,
  VillageEntity,
};
export type { ReportStatusValue } from './report.entity';
export type { EntryStatusValue, DeadlineClassValue, EscalationLevelValue } from './ledger-entry.entity';

export const READ_MODEL_ENTITIES = [
  CampaignForwardEntity,
  CampaignEntity,
  ChecklistItemEntity,
  ChecklistVersionEntity,
  InspectionCheckEntity,
  LedgerEntryEntity,
  ProjectionCheckpointEntity,
  RecurrenceIndexEntity,
  ReportEntity,
  RollupCounterEntity,
  VillageEntity,
];
