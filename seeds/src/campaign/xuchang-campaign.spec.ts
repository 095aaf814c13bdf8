import { countyFigureAmount, countyItemFigures, xuchangCampaign, yuzhouForward } from './xuchang-campaign';

describe('the 许昌市 campaign and its 禹州市 forward', () => {
  it('carries the document number and dates of the notice', () => {
    expect(xuchangCampaign.documentNo).toBe('许巩固脱贫组〔2023〕4号');
    expect(xuchangCampaign.issuedOn).toBe('2023-07-25');
    expect(yuzhouForward.forwardedOn).toBe('2023-07-27');
    expect(yuzhouForward.forwardsDocumentNo).toBe(xuchangCampaign.documentNo);
    expect(xuchangCampaign.itemCount).toBe(72);
  });

  it('has three consecutive phases ending on the last day of the campaign', () => {
    expect(xuchangCampaign.phases).toEqual([
      { name: '动员部署', startsOn: null, endsOn: '2023-07-25' },
      { name: '全面排查', startsOn: '2023-07-26', endsOn: '2023-08-10' },
      { name: '集中整改', startsOn: '2023-08-11', endsOn: '2023-08-31' },
    ]);
    expect(xuchangCampaign.runsUntil).toBe('2023-08-31');
  });

  it('sets the fix-at-once, fix-by-deadline and reporting dates', () => {
    expect(xuchangCampaign.fixAtOnceBy).toBe('2023-08-31');
    expect(xuchangCampaign.fixByDeadlineBy).toBe('2023-10-31');
    expect(xuchangCampaign.reporting.by).toBe('2023-09-05');
    expect(yuzhouForward.reporting.by).toBe('2023-08-25');
    expect(yuzhouForward.openProblemsZeroBy).toBe('2023-08-31');
    // The county collects its townships' reports before it reports to the city.
    expect(yuzhouForward.reporting.by < xuchangCampaign.reporting.by).toBe(true);
  });

  it('gives item 5 a 鄢陵县 figure of 400元/年 and 600元/年 elsewhere', () => {
    const [figure] = countyItemFigures;
    expect(figure.itemNo).toBe(5);
    expect(countyFigureAmount(figure, '411024')).toBe(400);
    expect(countyFigureAmount(figure, '411081')).toBe(600);
  });
});
