import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('CountByKey')
export class CountByKeyObjectType {
  @Field() key!: string;
  @Field(() => Int) total!: number;
  @Field(() => Int) open!: number;
}

@ObjectType('CountByName')
export class CountByNameObjectType {
  @Field() name!: string;
  @Field(() => Int) count!: number;
}

@ObjectType('Rollup', { description: '汇总：某单位（乡镇、县、市）整个转发链上的台账条目' })
export class RollupObjectType {
  @Field() tenantPath!: string;
  @Field() rootCampaignId!: string;
  @Field() asOf!: string;
  @Field(() => Int, { description: '条目数（不含作废）' }) total!: number;
  @Field(() => Int, { description: '未销号' }) open!: number;
  @Field(() => Int, { description: '已销号' }) closed!: number;
  @Field(() => Int) voided!: number;
  @Field(() => Int, { description: '逾期未销号' }) overdue!: number;
  @Field(() => Int, { description: '屡改屡犯' }) recurrences!: number;
  @Field(() => Float, { description: '销号率' }) closureRate!: number;
  @Field(() => [CountByNameObjectType]) byStatus!: CountByNameObjectType[];
  @Field(() => [CountByKeyObjectType], { description: '按清单序号' }) byItem!: CountByKeyObjectType[];
  @Field(() => [CountByKeyObjectType], { description: '按分项' }) bySubArea!: CountByKeyObjectType[];
  @Field(() => [CountByKeyObjectType], { description: '按类别' }) byCategory!: CountByKeyObjectType[];
  @Field(() => [CountByNameObjectType]) byDeadlineClass!: CountByNameObjectType[];
}

@ObjectType('OpenOnDate', { description: '动态清零：某日结束时未销号条目数' })
export class OpenOnDateObjectType {
  @Field() date!: string;
  @Field(() => Int) open!: number;
}
