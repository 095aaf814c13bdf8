import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import { ReportKind, ReportStatus } from '../object-types/ledger-report.object-type';

const KEY = /^\S+$/;
const PATH = /^\d+(\/\d+)*$/;

@InputType({ description: '申请生成报表：整改台账（Excel），或工作开展情况报告（Excel + Word，含未销号问题数折线图）' })
export class RequestLedgerReportInput {
  @Field(() => ReportKind, { nullable: true, defaultValue: ReportKind.LEDGER, description: 'LEDGER 整改台账（默认）/ WORK 工作报告' })
  @IsOptional()
  @IsEnum(ReportKind, { message: 'kind 只能是 LEDGER 或 WORK' })
  kind?: ReportKind | null;

  @Field(() => ID, { description: '本单位（或 tenantPath 单位）收到或印发的专项行动' })
  @IsString()
  @Length(1, 128)
  campaignId!: string;

  @Field(() => String, { nullable: true, description: '报表所属单位路径；默认本单位（必须在可见范围内）' })
  @IsOptional()
  @IsString()
  @Matches(PATH, { message: 'tenantPath 格式不正确' })
  tenantPath?: string | null;

  @Field({ description: '幂等键：重试时使用同一个键，只生成一份报表' })
  @IsString()
  @Length(1, 128)
  @Matches(KEY, { message: 'idempotencyKey 不能包含空白字符' })
  idempotencyKey!: string;
}

@InputType({ isAbstract: true })
abstract class ReportCommandInput {
  @Field(() => ID)
  @IsString()
  @Length(1, 128)
  reportId!: string;

  @Field(() => Int, { nullable: true, description: '期望版本（乐观并发），见 LedgerReport.version' })
  @IsOptional()
  @IsInt()
  @Min(-1)
  expectedVersion?: number | null;

  @Field()
  @IsString()
  @Length(1, 128)
  @Matches(KEY, { message: 'idempotencyKey 不能包含空白字符' })
  idempotencyKey!: string;
}

@InputType({ description: '报送：冻结当前文件，报送上级' })
export class SubmitReportInput extends ReportCommandInput {}

@InputType({ description: '审核通过' })
export class AcceptReportInput extends ReportCommandInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  comment?: string | null;
}

@InputType({ description: '退回（须写明意见）' })
export class ReturnReportInput extends ReportCommandInput {
  @Field()
  @IsString()
  @Length(1, 2000)
  comments!: string;
}

@InputType({ description: '报表列表筛选' })
export class ReportFilterInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  campaignId?: string | null;

  @Field(() => ReportStatus, { nullable: true })
  @IsOptional()
  status?: ReportStatus | null;

  @Field(() => String, { nullable: true, description: '只看这个单位的报表' })
  @IsOptional()
  @Matches(PATH)
  tenantPath?: string | null;

  @Field(() => Boolean, { nullable: true, description: '只看报送给本单位的报表（审核）' })
  @IsOptional()
  submittedToMe?: boolean | null;
}
