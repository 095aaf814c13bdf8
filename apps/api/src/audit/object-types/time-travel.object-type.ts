import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { FieldChangeObjectType, HistoryPageInfoObjectType } from './history.object-type';

@ObjectType('EntrySnapshot', { description: '某一时刻系统所知的台账条目（由当时已记录的事件重建）' })
export class EntrySnapshotObjectType {
  @Field() entryId!: string;
  @Field() asOf!: Date;
  @Field(() => Int, { description: '已折叠的最后一个事件的版本' }) version!: number;
  @Field() lastRecordedAt!: Date;
  @Field() campaignId!: string;
  @Field() tenantPath!: string;
  @Field() villageCode!: string;
  @Field(() => Int) itemNo!: number;
  @Field() description!: string;
  @Field() status!: string;
  @Field(() => String, { nullable: true }) measures!: string | null;
  @Field(() => String, { nullable: true }) responsibleUnit!: string | null;
  @Field(() => String, { nullable: true }) deadlineKind!: string | null;
  @Field(() => String, { nullable: true }) dueDate!: string | null;
  @Field(() => String, { nullable: true }) result!: string | null;
  @Field(() => String, { nullable: true }) signedOffAt!: string | null;
  @Field() recurrence!: boolean;
  @Field({ description: '折叠后的完整状态（JSON 文本）' }) state!: string;
}

@ObjectType('EntrySnapshotEdge')
export class EntrySnapshotEdgeObjectType {
  @Field(() => String, { nullable: true, description: '只有每页最后一条带游标' }) cursor!: string | null;
  @Field(() => EntrySnapshotObjectType) node!: EntrySnapshotObjectType;
}

@ObjectType('EntrySnapshotConnection')
export class EntrySnapshotConnectionObjectType {
  @Field(() => [EntrySnapshotEdgeObjectType]) edges!: EntrySnapshotEdgeObjectType[];
  @Field(() => HistoryPageInfoObjectType) pageInfo!: HistoryPageInfoObjectType;
}

@ObjectType('StatusCount')
export class StatusCountObjectType {
  @Field() status!: string;
  @Field(() => Int) count!: number;
}

@ObjectType('RollupAsOf', { description: '某一时刻的汇总（由当时的条目计算）' })
export class RollupAsOfObjectType {
  @Field() tenantPath!: string;
  @Field() asOf!: Date;
  @Field(() => Int) total!: number;
  @Field(() => Int) open!: number;
  @Field(() => Int) closed!: number;
  @Field(() => Int) voided!: number;
  @Field(() => Int, { description: '当日（上海时区）已过整改时限的未销号条目' }) overdue!: number;
  @Field(() => Int) recurrences!: number;
  @Field(() => Float) closureRate!: number;
  @Field(() => [StatusCountObjectType]) byStatus!: StatusCountObjectType[];
}

@ObjectType('EntryDiff')
export class EntryDiffObjectType {
  @Field() entryId!: string;
  @Field() tenantPath!: string;
  @Field(() => String, { nullable: true }) statusFrom!: string | null;
  @Field() statusTo!: string;
  @Field(() => [FieldChangeObjectType]) changes!: FieldChangeObjectType[];
}

@ObjectType('LedgerDiff', { description: '两个时刻之间：新增、变化、销号或作废的条目' })
export class LedgerDiffObjectType {
  @Field() from!: Date;
  @Field() to!: Date;
  @Field(() => [EntryDiffObjectType]) added!: EntryDiffObjectType[];
  @Field(() => [EntryDiffObjectType]) changed!: EntryDiffObjectType[];
  @Field(() => [EntryDiffObjectType]) closed!: EntryDiffObjectType[];
  @Field(() => HistoryPageInfoObjectType) pageInfo!: HistoryPageInfoObjectType;
}
