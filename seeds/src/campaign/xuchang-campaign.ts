import type { CampaignForwardSeed, CampaignSeed, CountyItemFigureSeed } from './campaign-seed';

const xuchangOffice = '许昌市巩固拓展脱贫攻坚成果领导小组办公室';
const yuzhouOffice = '禹州市巩固拓展脱贫攻坚成果领导小组办公室';
const reportContents = ['工作开展情况报告', '问题排查整改台账'];

/** 许巩固脱贫组〔2023〕4号, issued by 许昌市 on 2023-07-25. */
export const xuchangCampaign: CampaignSeed = {
  issuerTenantCode: '411000',
  issuer: '许昌市巩固拓展脱贫攻坚成果领导小组',
  documentNo: '许巩固脱贫组〔2023〕4号',
  noticeTitle:
    '许昌市巩固拓展脱贫攻坚成果领导小组关于印发许昌市巩固拓展脱贫攻坚成果“三落实”领域“大排查、大整改、大提升”专项行动实施方案的通知',
  planTitle: '许昌市巩固拓展脱贫攻坚成果“三落实”领域“大排查、大整改、大提升”专项行动实施方案',
  checklistTitle: '“大排查、大整改、大提升”专项行动排查清单',
  issuedOn: '2023-07-25',
  runsUntil: '2023-08-31',
  phases: [
    { name: '动员部署', startsOn: null, endsOn: '2023-07-25' },
    { name: '全面排查', startsOn: '2023-07-26', endsOn: '2023-08-10' },
    { name: '集中整改', startsOn: '2023-08-11', endsOn: '2023-08-31' },
  ],
  fixAtOnceBy: '2023-08-31',
  fixByDeadlineBy: '2023-10-31',
  reporting: { from: '各县（市、区）及市直有关单位', to: xuchangOffice, by: '2023-09-05', contents: reportContents },
  itemCount: 72,
};

/** 禹州市 forwards the campaign on 2023-07-27 with its own ledger and an earlier report date. */
export const yuzhouForward: CampaignForwardSeed = {
  forwarderTenantCode: '411081',
  forwarder: '禹州市巩固拓展脱贫攻坚成果领导小组',
  documentNo: null,
  title:
    '禹州市巩固拓展脱贫攻坚成果领导小组关于转发《许昌市巩固拓展脱贫攻坚成果领导小组〈关于印发巩固拓展脱贫攻坚成果“三落实”领域“大排查、大整改、大提升”专项行动实施方案的通知〉》的通知',
  forwardedOn: '2023-07-27',
  forwardsDocumentNo: '许巩固脱贫组〔2023〕4号',
  ledgerTitle: '禹州市关于“大排查、大整改、大提升”专项行动对照排查整改台账',
  openProblemsZeroBy: '2023-08-31',
  reporting: { from: '各乡镇（褚河街道）和市直相关行业部门', to: yuzhouOffice, by: '2023-08-25', contents: reportContents },
};

/**
 * Item 5 reads "…生活费补助600元/年（鄢陵400元）…" in both lists: 600元/年 everywhere except 鄢陵县 (411024),
 * where it is 400元/年. 禹州市's ledger copies the exception verbatim, so for 禹州市 the figure is 600.
 */
export const countyItemFigures: readonly CountyItemFigureSeed[] = [
  {
    itemNo: 5,
    subject: '（在籍在园）幼儿生活费补助',
    unit: '元/年',
    defaultAmount: 600,
    countyAmounts: [{ countyCode: '411024', countyName: '鄢陵县', amount: 400 }],
  },
];

export function countyFigureAmount(figure: CountyItemFigureSeed, countyCode: string): number {
  return figure.countyAmounts.find((entry) => entry.countyCode === countyCode)?.amount ?? figure.defaultAmount;
}
