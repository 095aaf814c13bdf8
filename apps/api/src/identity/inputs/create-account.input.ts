import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsString, Length, Matches } from 'class-validator';
import { ALL_ROLES } from '@rectify/tenancy';

@InputType({ description: '新建本地账号（单位管理员只能在本单位及下级建号）' })
export class CreateAccountInput {
  @Field() @IsString() @Length(3, 64) username!: string;
  @Field() @IsString() @Length(1, 100) displayName!: string;
  @Field() @IsString() @Length(1, 256) password!: string;
  @Field() @Matches(/^\d{6}(\d{3})?$/, { message: '单位代码应为6位或9位数字' }) tenantCode!: string;
  @Field(() => [String], { description: ALL_ROLES.join(' / ') })
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @IsIn(ALL_ROLES, { each: true })
  roles!: string[];
}
