import { Field, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';

/** What every mutation input carries besides the command itself. */
@InputType({ isAbstract: true })
export abstract class CommandOptionsInput {
  @Field({ description: '幂等键：同一操作重试时使用同一个键，结果只生效一次（1–128个非空白字符）' })
  @IsString()
  @Length(1, 128)
  @Matches(/^\S+$/, { message: 'idempotencyKey 不能包含空白字符' })
  idempotencyKey!: string;

  @Field(() => Int, { nullable: true, description: '期望版本：流当前必须正好是这个版本（乐观并发），否则 CONCURRENCY_CONFLICT' })
  @IsOptional()
  @IsInt()
  @Min(-1)
  expectedVersion?: number | null;

  @Field(() => Boolean, { nullable: true, description: '读己之写：等投影追上本次写入后再返回（有超时，见 projected 字段）' })
  @IsOptional()
  @IsBoolean()
  waitForProjection?: boolean | null;
}
