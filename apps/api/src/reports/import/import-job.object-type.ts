import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('ImportJob', { description: '台账导入任务（POST /imports/ledger 启动）' })
export class ImportJobObjectType {
  @Field(() => ID) importId!: string;
  @Field() tenantPath!: string;
  @Field() campaignId!: string;
  @Field() villageCode!: string;
  @Field({ description: 'running / completed / failed' }) state!: string;
  @Field(() => Int) totalRows!: number;
  @Field(() => Int) doneRows!: number;
  @Field(() => Int, { description: '进度百分比 0–100' }) progress!: number;
  @Field(() => Int, { description: '本次新建的台账条目数（重复导入为 0）' }) createdEntries!: number;
  @Field(() => Int, { description: '已导入过的行数（同一单位任何人此前导入过同样的行：未重复新建）' }) alreadyImportedRows!: number;
  @Field(() => Int, { description: '已导入过、但其他列与已导入内容不一致的行数（不覆盖，请在台账中修改）' }) changedRows!: number;
  @Field(() => [String], { description: '不一致的行（最多 50 行）：工作表、行号与不一致的列' }) changedRowNotes!: string[];
  @Field({ description: '上传该文件、开始本次导入的人' }) startedBy!: string;
  @Field(() => String, { nullable: true, description: '失败原因（哪一行、为什么）；再次上传同一文件会从头幂等地继续' }) failedReason!: string | null;
}
