import { xuchangCampaign } from '@rectify/seeds';

/** The `issueCampaign` input for 许巩固脱贫组〔2023〕4号, from the seeds (shared by the e2e suites). */
export function xuchangIssueInput(checklistVersionId: string, idempotencyKey: string): Record<string, unknown> {
  return {
    idempotencyKey,
    expectedVersion: -1,
    waitForProjection: true,
    title: xuchangCampaign.planTitle,
    docNumber: xuchangCampaign.documentNo,
    issuedOn: xuchangCampaign.issuedOn,
    phases: xuchangCampaign.phases.map((p) => ({ name: p.name, startDate: p.startsOn, endDate: p.endsOn })),
    deadlines: { immediate: xuchangCampaign.fixAtOnceBy, fixedTerm: xuchangCampaign.fixByDeadlineBy },
    reportDueDate: xuchangCampaign.reporting.by,
    checklistVersionId,
  };
}
