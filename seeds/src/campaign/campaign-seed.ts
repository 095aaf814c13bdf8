/** A calendar date as the documents give it, 'YYYY-MM-DD' (China Standard Time). */
export type IsoDate = string;

export type CampaignPhaseSeed = {
  name: string;
  /** null when the document gives only an end ("7月25日前"). */
  startsOn: IsoDate | null;
  endsOn: IsoDate;
};

/** Where and by when a tenant's units send their work report and ledger. */
export type ReportingSeed = {
  from: string;
  to: string;
  by: IsoDate;
  contents: string[];
};

/** The campaign as the issuing tenant (许昌市) launched it. */
export type CampaignSeed = {
  issuerTenantCode: string;
  issuer: string;
  documentNo: string;
  noticeTitle: string;
  planTitle: string;
  checklistTitle: string;
  issuedOn: IsoDate;
  /** 时间安排: "自2023年7月下旬起，至8月31日". */
  runsUntil: IsoDate;
  phases: CampaignPhaseSeed[];
  /** 立行立改: what can be fixed at once, by this date. */
  fixAtOnceBy: IsoDate;
  /** 限期解决: what needs further work, by this date (the rest: 长效机制，分阶段解决). */
  fixByDeadlineBy: IsoDate;
  reporting: ReportingSeed;
  itemCount: number;
};

/** The campaign as a lower tenant (禹州市) forwarded it, with its own rules. */
export type CampaignForwardSeed = {
  forwarderTenantCode: string;
  forwarder: string;
  /** The county's own 文号 is not legible in the scan. */
  documentNo: string | null;
  title: string;
  forwardedOn: IsoDate;
  forwardsDocumentNo: string;
  ledgerTitle: string;
  /** "确保8月底前问题整改动态清零". */
  openProblemsZeroBy: IsoDate;
  reporting: ReportingSeed;
};

/** A figure inside an item's text that a forwarded checklist adapts per county. */
export type CountyItemFigureSeed = {
  itemNo: number;
  subject: string;
  unit: string;
  defaultAmount: number;
  countyAmounts: { countyCode: string; countyName: string; amount: number }[];
};
