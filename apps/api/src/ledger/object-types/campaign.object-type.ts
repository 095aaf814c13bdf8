import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('CampaignPhase')
export class CampaignPhaseObjectType {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) startDate!: string | null;
  @Field() endDate!: string;
}

@ObjectType('Campaign', { description: '专项行动（本单位印发的，或上级转发来的）' })
export class CampaignObjectType {
  @Field(() => ID) id!: string;
  @Field() tenantPath!: string;
  @Field({ description: 'issued（本级印发）/ received（上级转发）' }) origin!: string;
  @Field(() => String, { nullable: true }) parentCampaignId!: string | null;
  @Field({ description: '转发链最顶层的专项行动' }) rootCampaignId!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) docNumber!: string | null;
  @Field() issuedOn!: string;
  @Field(() => [CampaignPhaseObjectType]) phases!: CampaignPhaseObjectType[];
  @Field({ description: '立行立改截止日期' }) immediateDeadline!: string;
  @Field({ description: '限期解决截止日期' }) fixedTermDeadline!: string;
  @Field({ description: '报送截止日期' }) reportDueDate!: string;
  @Field() checklistVersionId!: string;
  @Field({ description: 'open / closed' }) status!: string;
}

@ObjectType('CampaignForward', { description: '转发记录' })
export class CampaignForwardObjectType {
  @Field() childCampaignId!: string;
  @Field() childTenantPath!: string;
  @Field() childChecklistVersionId!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) docNumber!: string | null;
  @Field() issuedOn!: string;
  @Field() reportDueDate!: string;
}
