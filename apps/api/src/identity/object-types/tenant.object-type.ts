import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('Tenant', { description: '单位（租户）：市、县（市、区）、乡镇（街道）' })
export class TenantObjectType {
  @Field({ description: '行政区划代码' }) code!: string;
  @Field() name!: string;
  @Field({ description: 'city / county / township' }) level!: string;
  @Field({ description: '自上而下的代码路径，如 411000/411081/411081005' }) path!: string;
}
