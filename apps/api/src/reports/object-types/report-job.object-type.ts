import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { LedgerReportObjectType } from './ledger-report.object-type';

@ObjectType('ReportJob', { description: '报表文件生成任务（失败的任务保留，可查看原因）' })
export class ReportJobObjectType {
  @Field(() => ID) jobId!: string;
  @Field() reportId!: string;
  @Field(() => Int, { description: '第几次生成（退回后重新生成为 2, 3, …）' }) generation!: number;
  @Field({ description: 'waiting / active / delayed / completed / failed / unknown' }) state!: string;
  @Field(() => Int, { description: '进度百分比 0–100' }) progress!: number;
  @Field(() => Int) attemptsMade!: number;
  @Field(() => String, { nullable: true, description: '失败原因' }) failedReason!: string | null;
  @Field(() => String, { nullable: true, description: '生成的文件（完成后；工作报告为 Word 文件）' }) fileId!: string | null;
  @Field(() => [ID], { description: '本次生成已登记的全部文件（工作报告：Excel、Word）' }) fileIds!: string[];
}

@ObjectType('ReportPayload', { description: '报表命令的结果' })
export class ReportPayloadObjectType {
  @Field(() => LedgerReportObjectType) report!: LedgerReportObjectType;
  @Field({ description: '重试：同一幂等键的命令已生效，本次未写入' }) replayed!: boolean;
  @Field(() => ReportJobObjectType, { nullable: true, description: '文件生成任务（申请、重新生成时）' }) job!: ReportJobObjectType | null;
}
