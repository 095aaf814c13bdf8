import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('Account', { description: '本地账号' })
export class AccountObjectType {
  @Field() userId!: string;
  @Field() username!: string;
  @Field() displayName!: string;
  @Field() tenantCode!: string;
  @Field() tenantPath!: string;
  @Field(() => [String]) roles!: string[];
  @Field() disabled!: boolean;
  @Field() createdAt!: Date;
}
