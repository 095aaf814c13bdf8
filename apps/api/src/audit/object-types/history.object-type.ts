import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('FieldChange', { description: '一个字段的变化（路径、原值、新值；值为 JSON 文本）' })
export class FieldChangeObjectType {
  @Field({ description: '如 status、plan.deadline.date、progress[1]' }) path!: string;
  @Field(() => String, { description: '原值（JSON；不存在时为 null）' }) from!: string;
  @Field(() => String, { description: '新值（JSON；不存在时为 null）' }) to!: string;
}

@ObjectType('HistoryActor', { description: '操作人' })
export class HistoryActorObjectType {
  @Field(() => String, { nullable: true }) userId!: string | null;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) role!: string | null;
}

@ObjectType('HistoryEvent', { description: '流中的一个事件及其造成的状态变化' })
export class HistoryEventObjectType {
  @Field() streamId!: string;
  @Field(() => Int) streamVersion!: number;
  @Field() eventId!: string;
  @Field() type!: string;
  @Field(() => Int, { description: '存储时的版本' }) storedSchemaVersion!: number;
  @Field(() => Int, { description: '读取时（升级后）的版本' }) schemaVersion!: number;
  @Field({ description: '事件存储记录时间（asOf 依据）' }) recordedAt!: Date;
  @Field(() => String, { nullable: true, description: '业务时间（data.at）' }) at!: string | null;
  @Field(() => HistoryActorObjectType) actor!: HistoryActorObjectType;
  @Field(() => String, { nullable: true, description: '事由（退回、作废、延期、修订、升级等）' }) reason!: string | null;
  @Field() tenantPath!: string;
  @Field({ description: '事件数据（JSON 文本，升级后）' }) data!: string;
  @Field(() => [FieldChangeObjectType]) changes!: FieldChangeObjectType[];
}

@ObjectType('HistoryEdge')
export class HistoryEdgeObjectType {
  @Field(() => String, { nullable: true, description: '只有每页最后一条带游标（= pageInfo.endCursor）' }) cursor!: string | null;
  @Field(() => HistoryEventObjectType) node!: HistoryEventObjectType;
}

@ObjectType('HistoryPageInfo')
export class HistoryPageInfoObjectType {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType('HistoryConnection', { description: '条目、专项行动或清单版本的完整历史' })
export class HistoryConnectionObjectType {
  @Field() streamId!: string;
  @Field(() => Int) totalCount!: number;
  @Field(() => [HistoryEdgeObjectType]) edges!: HistoryEdgeObjectType[];
  @Field(() => HistoryPageInfoObjectType) pageInfo!: HistoryPageInfoObjectType;
}
