import { isValidId } from './command-metadata';
import { DomainError } from './domain-error';

function part(value: string, name: string): string {
  if (!isValidId(value)) {
    throw new DomainError('LEDGER_INVALID_ID', `流标识的组成部分 ${name} 不能为空或含空白字符`, {
      field: name,
    });
  }
  return value;
}

/** The only place stream ids are built. */
export const streamIds = {
  campaign: (campaignId: string): string => `campaign-${part(campaignId, 'campaignId')}`,
  checklist: (versionId: string): string => `checklist-${part(versionId, 'versionId')}`,
  inspection: (campaignId: string, villageCode: string): string =>
    `inspection-${part(campaignId, 'campaignId')}-${part(villageCode, 'villageCode')}`,
  entry: (entryId: string): string => `entry-${part(entryId, 'entryId')}`,
  report: (reportId: string): string => `report-${part(reportId, 'reportId')}`,
} as const;
