import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LedgerEntryObjectType } from '../../ledger/object-types/ledger-entry.object-type';

export enum EntryLightValue {
  GREEN = 'green',
  YELLOW = 'yellow',
  RED = 'red',
  NONE = 'none',
}
registerEnumType(EntryLightValue, { name: 'EntryLightValue', description: '红黄绿灯（已销号/作废为 NONE）' });

export enum EscalationLevelFilter {
  NONE = 'none',
  COUNTY = 'county',
  CITY = 'city',
}
registerEnumType(EscalationLevelFilter, { name: 'EscalationLevelFilter', description: '督办级别：未升级 / 县级 / 市级' });

@ObjectType('EntryLight', { description: '条目的红黄绿灯（按今天计算，不存储）' })
export class EntryLightObjectType {
  @Field(() => LedgerEntryObjectType) entry!: LedgerEntryObjectType;
  @Field(() => EntryLightValue) light!: EntryLightValue;
  @Field({ description: '原因代码：OVERDUE / DEADLINE_NEAR / NO_PROGRESS / …' }) reasonCode!: string;
  @Field({ description: '原因（中文）' }) reason!: string;
  @Field(() => String, { nullable: true, description: '有效整改时限' }) dueEffective!: string | null;
  @Field(() => Int) daysOverdue!: number;
  @Field(() => Int) daysWithoutProgress!: number;
  @Field({ description: '有待批延期申请：暂停升级' }) escalationPaused!: boolean;
  @Field(() => [String], { description: '现在应升级到的级别（由后台任务执行）' }) escalationsDue!: string[];
}

@ObjectType('EntryLightConnection')
export class EntryLightConnectionObjectType {
  @Field({ description: '计算所用的日期（Asia/Shanghai）' }) asOf!: string;
  @Field(() => [EntryLightObjectType]) nodes!: EntryLightObjectType[];
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType('EscalationInboxItem', { description: '督办到本单位的条目' })
export class EscalationInboxItemObjectType {
  @Field(() => LedgerEntryObjectType) entry!: LedgerEntryObjectType;
  @Field({ description: 'county / city：督办到本单位的级别' }) level!: string;
  @Field({ description: '督办日期' }) escalatedOn!: string;
  @Field(() => EntryLightValue) light!: EntryLightValue;
}

@ObjectType('EscalationInboxConnection')
export class EscalationInboxConnectionObjectType {
  @Field(() => [EscalationInboxItemObjectType]) nodes!: EscalationInboxItemObjectType[];
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType('EscalationSweepRequest', { description: '已排队的督办升级扫描' })
export class EscalationSweepRequestObjectType {
  @Field() jobId!: string;
  @Field({ description: '扫描范围（单位路径）' }) tenantPath!: string;
}
