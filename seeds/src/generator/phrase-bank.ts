/**
 * Chinese texts of generated ledger entries, by 分项 (sub-area 1–16 of the checklist). Placeholders:
 * {n} a small count, {m} a larger one, {group} a 村民小组, {surname} an anonymised household
 * (王某某), {date} a date written 8月12日. Every result says what was done: never a bare "已整改".
 */
export type ProblemTemplate = { problem: string; measures: string; result: string };

export const PROBLEM_TEMPLATES: Readonly<Record<number, readonly ProblemTemplate[]>> = {
  1: [
    {
      problem: '村两委未按月召开巩固脱贫成果专题会议，7月份会议记录缺失。',
      measures: '由包村干部督导村两委补开专题会议，建立月度会议台账，乡镇党委每月抽查会议记录。',
      result: '{date}召开巩固脱贫成果专题会议，补齐7月会议记录，月度会议台账已建立并报乡镇党委备案。',
    },
    {
      problem: '村级巩固脱贫责任清单未上墙，{n}名村干部分包责任不明确。',
      measures: '重新制定村级责任清单，明确每名村干部分包户数和责任事项，张贴上墙并报乡镇备案。',
      result: '制定村级责任清单1份，明确{n}名村干部分包{m}户，清单已张贴于村委会公开栏，照片存档。',
    },
  ],
  2: [
    {
      problem: '行业部门帮扶政策宣传资料未入户，{n}户脱贫户不知晓“两不愁三保障”政策。',
      measures: '联合行业部门逐户发放政策明白卡并现场讲解，包村干部回访核实知晓情况。',
      result: '向{n}户发放政策明白卡{n}份，逐户讲解并签字确认，{date}回访知晓率100%。',
    },
  ],
  3: [
    {
      problem: '驻村工作队{n}名队员7月份考勤记录与实际在岗情况不符。',
      measures: '乡镇组织办核查驻村工作队考勤，实行每日定位打卡和周报制度。',
      result: '核查驻村工作队考勤记录，{n}名队员补齐在岗证明，自{date}起每日定位打卡并按周上报周报。',
    },
  ],
  4: [
    {
      problem: '{group}组脱贫户{surname}家中1名中职学生未享受“雨露计划”补助。',
      measures: '村委会协助其家庭补交申请材料，乡镇教育办联系县教体局审核补发。',
      result: '协助{surname}家补交申请材料，县教体局于{date}补发“雨露计划”补助1500元，发放凭证存档。',
    },
    {
      problem: '{group}组监测户{surname}家中1名适龄儿童辍学在家，未落实劝返。',
      measures: '由校长、包村干部和村干部组成劝返小组入户做工作，落实送教上门或返校就读。',
      result: '{date}劝返小组入户，该儿童已返校就读，学校建立跟踪台账，每周反馈在校情况。',
    },
  ],
  5: [
    {
      problem: '{n}名监测对象未签约家庭医生。',
      measures: '村卫生室医生逐户上门签约，并开展首次随访和健康评估。',
      result: '村卫生室医生上门为{n}名监测对象签订家庭医生服务协议并完成首次随访，签约率100%。',
    },
    {
      problem: '{n}名脱贫人口未参加2023年度城乡居民医保。',
      measures: '乡镇医保专干逐户核实原因，动员参保，符合条件的落实资助参保。',
      result: '{n}名脱贫人口于{date}补缴2023年度城乡居民医保，参保信息经县医保局系统核验。',
    },
  ],
  6: [
    {
      problem: '{group}组脱贫户{surname}住房墙体出现裂缝，未及时开展安全等级鉴定。',
      measures: '乡镇住建所联系县住建局技术人员入户鉴定，根据鉴定结果纳入危房改造计划。',
      result: '县住建局技术人员入户鉴定为C级，{date}完成加固改造并通过验收，鉴定报告和验收照片存档。',
    },
  ],
  7: [
    {
      problem: '{group}组{n}户供水管网老化，用水高峰时段经常断水。',
      measures: '乡镇水利站排查管网，更换老化管段并增设加压设备。',
      result: '更换老化供水管道{m}米，增设加压泵1台，{n}户自{date}起供水正常，水质检测报告合格。',
    },
  ],
  8: [
    {
      problem: '{n}户符合条件的监测户未纳入低保。',
      measures: '村委会协助提出申请，乡镇民政所入户核查后报县民政局审批。',
      result: '{n}户于{date}经县民政局审批纳入低保，首月保障金已打卡发放到户。',
    },
    {
      problem: '{group}组重度残疾人{surname}未享受重度残疾人护理补贴。',
      measures: '乡镇残联专干协助办理残疾等级复核和补贴申请，县残联审核后发放。',
      result: '{surname}的护理补贴申请于{date}经县残联审核通过，补发7至8月补贴，发放凭证存档。',
    },
  ],
  9: [
    {
      problem: '{n}户家庭因病收入骤减，未及时纳入防返贫监测。',
      measures: '村级网格员入户核实收入，按程序识别纳入监测，落实针对性帮扶措施。',
      result: '{n}户经入户核实、村民代表评议后纳入监测对象，已落实临时救助和公益岗位帮扶。',
    },
    {
      problem: '防返贫监测系统中{n}户家庭人口信息与实际不符。',
      measures: '村级信息员逐户比对户籍和实际居住信息，更正系统数据，乡镇复核。',
      result: '逐户比对更正{n}户家庭人口信息，系统数据与户籍一致，乡镇于{date}复核签字。',
    },
  ],
  10: [
    {
      problem: '产业奖补资金公示内容不全，未公示到户金额。',
      measures: '村委会重新公示到户明细，乡镇农业服务中心复核。',
      result: '在村务公开栏重新公示{m}户产业奖补到户金额，公示期7天无异议，公示照片存档。',
    },
  ],
  11: [
    {
      problem: '{n}名有劳动能力的脱贫劳动力未实现就业。',
      measures: '乡镇人社所开展岗位推介，安排公益性岗位和技能培训。',
      result: '{n}名脱贫劳动力通过岗位推介实现就业，务工信息于{date}录入系统，就业证明存档。',
    },
  ],
  12: [
    {
      problem: '{n}户小额信贷到期未及时办理续贷或还款。',
      measures: '乡镇金融服务站联系放款银行，逐户制定还款或续贷计划。',
      result: '{n}户与放款银行签订续贷合同或结清贷款，逾期记录清零，银行于{date}出具证明。',
    },
  ],
  13: [
    {
      problem: '村光伏电站收益分配台账不清，{n}名公益岗位人员工资发放记录缺失。',
      measures: '乡镇财政所核对收益分配台账，补齐公益岗位工资发放凭证。',
      result: '核对光伏电站收益分配去向，补齐{n}名公益岗位人员工资发放凭证，台账于{date}经乡镇财政所审核。',
    },
    {
      problem: '2022年度衔接资金项目{n}个未按时完工，资产未确权移交。',
      measures: '乡镇督促施工方倒排工期，完工后组织验收并办理资产确权移交手续。',
      result: '{n}个项目已完工并于{date}通过验收，资产确权到村，移交手续和资产台账存档。',
    },
  ],
  14: [
    {
      problem: '村内主干道{n}处路灯损坏，{group}组排水沟淤堵。',
      measures: '村委会组织维修路灯，清理排水沟，落实保洁员责任区。',
      result: '更换损坏路灯{n}盏，清淤排水沟{m}米，保洁员责任区划定并上墙公示。',
    },
  ],
  15: [
    {
      problem: '上轮巡视反馈问题整改台账中{n}条整改结果只写“已整改”，无具体内容。',
      measures: '逐条补写整改措施和结果，附佐证材料，由乡镇纪委复核。',
      result: '逐条补写{n}条问题的具体整改措施和结果，附照片、凭证等佐证材料，{date}经乡镇纪委复核。',
    },
  ],
  16: [
    {
      problem: '群众反映的{n}件低保评定诉求未在规定时限内答复。',
      measures: '乡镇信访办逐件回访，限期书面答复并公开评定结果。',
      result: '{n}件诉求已书面答复，{date}上门回访当事人表示满意，评定结果在村务公开栏公示。',
    },
  ],
};

export const PROGRESS_NOTES: readonly string[] = [
  '已完成入户核实，正在准备申请材料。',
  '已联系县直有关部门，等待技术人员入户。',
  '整改方案已经村两委会议研究通过，正在组织实施。',
  '已完成约一半工作量，剩余部分正在推进。',
  '相关材料已报乡镇审核，等待审批结果。',
];

export const REJECTION_REASONS: readonly string[] = [
  '佐证材料只有照片，缺少发放凭证，请补充后重新提交。',
  '整改结果未列明涉及户数和人员，请逐户列明。',
  '现场抽查发现仍有1户未落实，请继续整改。',
  '验收报告未盖章，请补充完整的验收手续。',
];

export const EXTENSION_REASONS: readonly string[] = [
  '需等待县住建局技术人员入户鉴定，鉴定排期较晚。',
  '涉及资金需县财政审批，审批流程尚未完成。',
  '施工受连续降雨影响，工期顺延。',
];

export const EXTENSION_REJECTIONS: readonly string[] = [
  '该问题属立行立改事项，不同意延期，请按原时限完成。',
  '延期理由不充分，请倒排工期按期完成。',
];

export const VOID_REASONS: readonly string[] = [
  '经复核，该问题与本村另一条台账重复登记。',
  '经核实，该户不属于本村，登记错误。',
  '经入户复核，情况与登记不符，不构成问题。',
];

export const SIGN_OFF_COMMENTS: readonly string[] = [
  '经乡镇复核、县级抽查，整改结果属实，同意销号。',
  '佐证材料齐全，现场核实无误，同意销号。',
];

export const MILESTONE_STEPS: readonly string[] = [
  '完成摸底排查，制定分阶段整改方案',
  '完成主体整改任务并组织初验',
  '完成验收，建立长效管护机制',
];

export const SURNAMES: readonly string[] = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '郑'];

export const GIVEN_NAMES: readonly string[] = ['建国', '志强', '秀英', '桂兰', '国庆', '海燕', '红伟', '丽娟', '新民', '晓东', '春生', '玉梅', '卫东', '小燕', '振华', '明亮'];

export type TemplateValues = { n: number; m: number; group: number; surname: string; date: string };

export function fillTemplate(template: string, values: TemplateValues): string {
  return template
    .replace(/\{n\}/g, String(values.n))
    .replace(/\{m\}/g, String(values.m))
    .replace(/\{group\}/g, String(values.group))
    .replace(/\{surname\}/g, `${values.surname}某某`)
    .replace(/\{date\}/g, values.date);
}

/** 2023-08-12 → 8月12日. */
export function chineseDate(date: string): string {
  const [, month, day] = date.split('-');
  return `${Number(month)}月${Number(day)}日`;
}
