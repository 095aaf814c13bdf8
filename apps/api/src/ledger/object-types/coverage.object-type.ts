import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('InspectionCell')
export class InspectionCellObjectType {
  @Field() villageCode!: string;
  @Field(() => Int) itemNo!: number;
}

@ObjectType('InspectionCoverage', { description: '逐村逐项排查覆盖情况（盲区）' })
export class InspectionCoverageObjectType {
  @Field() campaignId!: string;
  @Field(() => Int) villages!: number;
  @Field(() => Int) items!: number;
  @Field(() => Int) cells!: number;
  @Field(() => Int) checked!: number;
  @Field(() => Int) unchecked!: number;
  @Field(() => [InspectionCellObjectType], { description: '未排查的村×项（有上限）' }) uncheckedCells!: InspectionCellObjectType[];
}
