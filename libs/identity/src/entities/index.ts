import { TenantEntity } from './tenant.entity';
import { UserAccountEntity } from './user-account.entity';

export { TenantEntity, type TenantLevelValue } from './tenant.entity';
export { UserAccountEntity } from './user-account.entity';

export const IDENTITY_ENTITIES = [TenantEntity, UserAccountEntity];
