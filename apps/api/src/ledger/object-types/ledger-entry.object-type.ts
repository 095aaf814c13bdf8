import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('LedgerEntry', { description: '整改台账条目' })
export class LedgerEntryObjectType {
  @Field(() => ID) id!: string;
  @Field() campaignId!: string;
  @Field() tenantPath!: string;
  @Field(() => String, { nullable: true }) townshipCode!: string | null;
  @Field() villageCode!: string;
  @Field(() => Int, { description: '清单序号' }) itemNo!: number;
  @Field(() => String, { nullable: true, description: '类别' }) categoryName!: string | null;
  @Field(() => String, { nullable: true, description: '分项' }) subAreaName!: string | null;
  @Field({ description: '对照排查发现问题' }) description!: string;
  @Field(() => String, { nullable: true, description: '整改措施' }) measures!: string | null;
  @Field(() => String, { nullable: true, description: '责任单位' }) responsibleUnit!: string | null;
  @Field(() => String, { nullable: true, description: '责任人' }) responsiblePerson!: string | null;
  @Field(() => String, { nullable: true, description: 'immediate / fixed_term / long_term' }) deadlineClass!: string | null;
  @Field(() => String, { nullable: true, description: '整改时限（延期后为新日期）' }) dueDate!: string | null;
  @Field(() => String, { nullable: true, description: '最初的整改时限' }) originalDueDate!: string | null;
  @Field(() => String, { nullable: true, description: '待批的延期日期' }) pendingExtensionDate!: string | null;
  @Field({ description: 'recorded / planned / in_progress / submitted / signed_off / voided' }) status!: string;
  @Field({ description: '是否销号' }) signedOff!: boolean;
  @Field(() => String, { nullable: true, description: '整改结果' }) result!: string | null;
  @Field(() => String, { nullable: true }) escalationLevel!: string | null;
  @Field({ description: '屡改屡犯' }) isRecurrence!: boolean;
  @Field() foundBy!: string;
  @Field() foundAt!: Date;
  @Field(() => Date, { nullable: true }) signedOffAt!: Date | null;
  @Field(() => Int, { description: '流版本：下一条命令的 expectedVersion' }) version!: number;
  @Field() updatedAt!: Date;
}
