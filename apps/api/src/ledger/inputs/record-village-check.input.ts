import { Field, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, IsEnum, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import { CommandOptionsInput } from './command-options.input';
import { ID, ID_MESSAGE, VILLAGE_CODE } from './validation-patterns';

export enum InspectionOutcomeKind {
  NO_PROBLEM = 'no_problem',
  PROBLEMS_FOUND = 'problems_found',
}
registerEnumType(InspectionOutcomeKind, { name: 'InspectionOutcomeKind', description: '未发现问题 / 发现问题' });

@InputType({ description: '逐村逐项排查：一个村对照一项的结果' })
export class RecordVillageCheckInput extends CommandOptionsInput {
  @Field() @Matches(ID, { message: ID_MESSAGE }) campaignId!: string;
  @Field({ description: '12位村级区划代码' }) @Matches(VILLAGE_CODE, { message: '村代码应为12位数字' }) villageCode!: string;
  @Field(() => Int) @IsInt() @Min(1) itemNo!: number;
  @Field(() => InspectionOutcomeKind) @IsEnum(InspectionOutcomeKind) outcome!: InspectionOutcomeKind;
  @Field(() => [String], { nullable: true, description: '发现问题时：已登记的台账条目编号' })
  @IsOptional()
  @ArrayMaxSize(100)
  @Matches(ID, { each: true, message: ID_MESSAGE })
  entryIds?: string[];
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 2000) note?: string;
}
