export { DEFAULT_IDENTITY_SCHEMA, assertIdentitySchema } from './identity-schema';
export { TenantEntity, UserAccountEntity, IDENTITY_ENTITIES, type TenantLevelValue } from './entities';
export { IDENTITY_MIGRATIONS, runIdentityMigrations } from './migrations';
export { createIdentityDataSource, type IdentityDataSourceOptions } from './identity-data-source';
export { PasswordHasher, DEFAULT_SCRYPT_COST, type ScryptCost } from './password/password-hasher';
export { passwordWeaknesses, MIN_PASSWORD_LENGTH } from './password/password-policy';
export { TokenService, CachingTokenService, InvalidTokenError, MIN_JWT_SECRET_BYTES, type TokenServiceOptions, type CachingTokenServiceOptions, type IssuedToken } from './token/token-service';
export { TenantDirectory, type TenantRecord } from './tenants/tenant-directory';
export { AccountService, AccountError, principalOfAccount, type NewAccount, type AccountView } from './accounts/account.service';
