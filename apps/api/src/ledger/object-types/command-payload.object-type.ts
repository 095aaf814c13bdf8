import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: '命令的结果：新版本（下一次的 expectedVersion）与全局位置' })
export class CommandPayload {
  @Field() streamId!: string;
  @Field(() => Int, { description: '流的新版本：下一次命令的 expectedVersion' }) version!: number;
  @Field(() => String, { nullable: true, description: '最后写入事件的全局位置（读己之写用）；未写入时为空' }) position!: string | null;
  @Field({ description: '重试：同一幂等键的命令已生效，本次未写入' }) replayed!: boolean;
  @Field(() => Int) eventCount!: number;
  @Field(() => Boolean, { nullable: true, description: '要求读己之写时：投影是否已在超时前追上；未要求时为空' }) projected!: boolean | null;
}

@ObjectType()
export class IssueCampaignPayload extends CommandPayload {
  @Field() campaignId!: string;
}

@ObjectType()
export class DefineChecklistVersionPayload extends CommandPayload {
  @Field() versionId!: string;
}

@ObjectType()
export class ForwardCampaignPayload extends CommandPayload {
  @Field() childCampaignId!: string;
  @Field() childChecklistVersionId!: string;
}

@ObjectType()
export class RecordProblemPayload extends CommandPayload {
  @Field() entryId!: string;
}
