import { checkMeasuresText, checkResultText, normaliseText } from './specific-text';

describe('the 整改结果 rule', () => {
  it.each([
    ['', 'blank'],
    ['   ', 'blank'],
    ['。，！、；：…', 'blank'],
    ['\u3000\u3000', 'blank'],
    ['已整改', 'bare_phrase'],
    ['已整改。', 'bare_phrase'],
    ['已完成', 'bare_phrase'],
    ['整改到位', 'bare_phrase'],
    ['  已整改到位！ ', 'bare_phrase'],
    ['已整改，已完成', 'bare_phrase'],
    ['已整改、已销号。', 'bare_phrase'],
    ['该问题已全部整改到位', 'bare_phrase'],
    ['问题已整改完成，已销号', 'bare_phrase'],
    ['现已按要求整改到位并销号', 'bare_phrase'],
    ['已整改!!!', 'bare_phrase'],
    ['ＯＫ', 'bare_phrase'],
    ['Done.', 'bare_phrase'],
    ['✓ 已完成 ✓', 'bare_phrase'],
    ['已补发', 'too_short'],
    ['已劝返一人', 'too_short'],
  ])('rejects %j as %s', (text, reason) => {
    expect(checkResultText(text)).toEqual(expect.objectContaining({ ok: false, reason }));
  });

  it.each([
    '已为张庄村3名在园幼儿补发2023年春季保教费共900元，发放凭证已存档。',
    '经入户核实，李某某家适龄儿童已于9月1日返校就读，学校出具在校证明。',
    '更换村东组老化供水管道120米，水质检测合格。',
    '补录监测对象信息3户',
    '已补发600元保教费',
    'Replaced 120 m of water pipe',
  ])('accepts %j', (text) => {
    expect(checkResultText(text).ok).toBe(true);
  });
});

describe('the 整改措施 rule', () => {
  it.each([
    ['', 'blank'],
    ['立即整改', 'bare_phrase'],
    ['加强管理，立即整改。', 'bare_phrase'],
    ['高度重视，举一反三，建立长效机制', 'bare_phrase'],
    ['认真整改，确保整改到位', 'bare_phrase'],
    ['按要求整改', 'bare_phrase'],
    ['入户核实', 'too_short'],
  ])('rejects %j as %s', (text, reason) => {
    expect(checkMeasuresText(text)).toEqual(expect.objectContaining({ ok: false, reason }));
  });

  it('rejects measures that only repeat the problem', () => {
    const problem = '张庄村3名在园幼儿未享受保教费补助';
    expect(checkMeasuresText('张庄村3名在园幼儿未享受保教费补助。', problem)).toEqual(
      expect.objectContaining({ ok: false, reason: 'copies_problem' }),
    );
  });

  it('accepts measures that say what will be done', () => {
    expect(checkMeasuresText('入户核实3名幼儿在园情况，报县教体局补发保教费', '幼儿未享受保教费补助').ok).toBe(true);
  });
});

describe('normaliseText', () => {
  it('folds full-width forms and drops white space, punctuation and symbols', () => {
    expect(normaliseText(' 已整改，ＡＢＣ１２３！… ')).toBe('已整改abc123');
  });
});
