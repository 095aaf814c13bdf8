import { Field, InputType, Int } from '@nestjs/graphql';
import { IsISO8601, IsInt, IsString, Length, Matches, Min } from 'class-validator';
import { CommandOptionsInput } from './command-options.input';
import { ID, ID_MESSAGE, VILLAGE_CODE } from './validation-patterns';

@InputType({ description: '对照排查发现问题：登记一条台账' })
export class RecordProblemInput extends CommandOptionsInput {
  @Field() @Matches(ID, { message: ID_MESSAGE }) campaignId!: string;
  @Field() @Matches(VILLAGE_CODE, { message: '村代码应为12位数字' }) villageCode!: string;
  @Field(() => Int) @IsInt() @Min(1) itemNo!: number;
  @Field() @IsString() @Length(1, 4000) description!: string;
  @Field({ description: '排查人' }) @IsString() @Length(1, 100) foundBy!: string;
  @Field({ description: '发现时间（ISO-8601，含时区）' }) @IsISO8601({ strict: true }) foundAt!: string;
}
