import { Field, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsInt, IsString, Length, Min } from 'class-validator';

@InputType({ description: '排查清单的一项' })
export class ChecklistItemInput {
  @Field(() => Int) @IsInt() @Min(1) itemNo!: number;
  @Field(() => Int) @IsInt() @Min(1) categoryNo!: number;
  @Field() @IsString() @Length(1, 100) categoryName!: string;
  @Field(() => Int) @IsInt() @Min(1) subAreaNo!: number;
  @Field() @IsString() @Length(1, 100) subAreaName!: string;
  @Field() @IsString() @Length(1, 2000) text!: string;
  @Field(() => [String]) @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 100, { each: true }) responsibleUnits!: string[];
}
