import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ReportStatus {
  REQUESTED = 'requested',
  FILE_RECORDED = 'file_recorded',
  SUBMITTED = 'submitted',
  ACCEPTED = 'accepted',
  RETURNED = 'returned',
}
export enum ReportKind {
  LEDGER = 'ledger',
  WORK = 'work',
}
registerEnumType(ReportKind, { name: 'ReportKind', description: '报表类型：整改台账 / 工作开展情况报告' });

registerEnumType(ReportStatus, { name: 'ReportStatus', description: '报表状态：已申请 / 文件已生成 / 已报送 / 审核通过 / 已退回' });

@ObjectType('ReportFile', { description: '报表文件（每次生成一个，旧文件保留）' })
export class ReportFileObjectType {
  @Field(() => ID) fileId!: string;
  @Field(() => Int, { description: '第几个文件（1, 2, …）' }) fileVersion!: number;
  @Field() format!: string;
  @Field(() => Int) sizeBytes!: number;
  @Field({ description: 'sm3 或 sha256' }) checksumAlgorithm!: string;
  @Field({ description: '校验值（64 位小写十六进制）' }) checksum!: string;
  @Field() recordedAt!: Date;
  @Field({ description: '下载地址（GET，需 Bearer 令牌）' }) downloadPath!: string;
}

@ObjectType('ReportSubmission', { description: '一次报送（冻结的文件、是否逾期、审核结果）' })
export class ReportSubmissionObjectType {
  @Field(() => Int) submission!: number;
  @Field(() => ID) fileId!: string;
  @Field({ description: '报送时冻结的文件校验值' }) checksum!: string;
  @Field({ description: '报送给（上级单位路径）' }) toTenantPath!: string;
  @Field({ description: '报送截止日期' }) dueDate!: string;
  @Field({ description: '是否逾期报送' }) late!: boolean;
  @Field() submittedAt!: Date;
  @Field() submittedBy!: string;
  @Field(() => String, { nullable: true, description: 'accepted / returned；未审核为空' }) outcome!: string | null;
  @Field(() => String, { nullable: true, description: '审核意见（退回原因）' }) comments!: string | null;
  @Field(() => Date, { nullable: true }) reviewedAt!: Date | null;
}

@ObjectType('LedgerReport', { description: '报表（整改台账 / 工作报告）及其文件、报送记录' })
export class LedgerReportObjectType {
  @Field(() => ID) id!: string;
  @Field({ description: 'ledger / work' }) kind!: string;
  @Field({ description: '报表所属单位路径' }) tenantPath!: string;
  @Field() campaignId!: string;
  @Field(() => ReportStatus) status!: ReportStatus;
  @Field(() => Int, { description: '流版本：下一条命令的 expectedVersion' }) version!: number;
  @Field(() => ReportFileObjectType, { nullable: true, description: '当前（最新）文件' }) currentFile!: ReportFileObjectType | null;
  @Field(() => [ReportFileObjectType]) files!: ReportFileObjectType[];
  @Field(() => [ReportSubmissionObjectType]) submissions!: ReportSubmissionObjectType[];
  @Field() requestedAt!: Date;
  @Field() requestedBy!: string;
}

@ObjectType('ReportSummary', { description: '报表列表中的一行（读模型）' })
export class ReportSummaryObjectType {
  @Field(() => ID) id!: string;
  @Field() kind!: string;
  @Field() tenantPath!: string;
  @Field() campaignId!: string;
  @Field(() => ReportStatus) status!: ReportStatus;
  @Field(() => String, { nullable: true, description: '报送对象（上级单位路径）' }) parentTenantPath!: string | null;
  @Field(() => Int) fileCount!: number;
  @Field(() => String, { nullable: true }) latestFileId!: string | null;
  @Field(() => String, { nullable: true }) latestFileChecksum!: string | null;
  @Field(() => Int) submissionCount!: number;
  @Field(() => String, { nullable: true, description: '最近一次报送冻结的文件校验值' }) submittedChecksum!: string | null;
  @Field(() => Date, { nullable: true }) submittedAt!: Date | null;
  @Field(() => String, { nullable: true }) submittedBy!: string | null;
  @Field(() => String, { nullable: true }) dueDate!: string | null;
  @Field({ description: '最近一次报送是否逾期' }) late!: boolean;
  @Field(() => Int) daysLate!: number;
  @Field(() => String, { nullable: true, description: '最近一次审核意见' }) comments!: string | null;
  @Field(() => Int, { description: '读模型中的流版本' }) version!: number;
  @Field() requestedAt!: Date;
}

@ObjectType('ReportSummaryEdge')
export class ReportSummaryEdgeObjectType {
  @Field(() => String, { nullable: true, description: '只有每页最后一条带游标' }) cursor!: string | null;
  @Field(() => ReportSummaryObjectType) node!: ReportSummaryObjectType;
}

@ObjectType('ReportSummaryConnection')
export class ReportSummaryConnectionObjectType {
  @Field(() => [ReportSummaryEdgeObjectType]) edges!: ReportSummaryEdgeObjectType[];
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType('ChildReportStatus', { description: '下级单位的报送情况（未报送清单）' })
export class ChildReportStatusObjectType {
  @Field() tenantPath!: string;
  @Field(() => String, { nullable: true, description: '单位名称' }) tenantName!: string | null;
  @Field() childCampaignId!: string;
  @Field({ description: '下级的报送截止日期' }) reportDueDate!: string;
  @Field(() => String, { nullable: true }) reportId!: string | null;
  @Field(() => ReportStatus, { nullable: true, description: '尚未申请报表时为空' }) status!: ReportStatus | null;
}
