import { Field, ObjectType } from '@nestjs/graphql';
import { TenantObjectType } from './tenant.object-type';

@ObjectType('Viewer', { description: '当前登录用户' })
export class ViewerObjectType {
  @Field() userId!: string;
  @Field() username!: string;
  @Field() displayName!: string;
  @Field({ description: '可见范围：本单位及其下级' }) tenantPath!: string;
  @Field(() => TenantObjectType, { nullable: true }) tenant!: TenantObjectType | null;
  @Field(() => [String]) roles!: string[];
}
