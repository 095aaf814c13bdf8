import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('LedgerEntryChange', { description: '台账条目的一次变化（订阅推送）' })
export class LedgerEntryChangeObjectType {
  @Field() entryId!: string;
  @Field({ description: '事件类型，如 ProblemRecorded、SignOffApproved' }) eventType!: string;
  @Field(() => Int) version!: number;
  @Field({ description: '全局位置：断线后可作为 after 续订' }) position!: string;
  @Field() tenantPath!: string;
  @Field() recordedAt!: Date;
}
