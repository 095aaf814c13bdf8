import { Inject, Injectable } from '@nestjs/common';
import { TenantDirectory } from '@rectify/identity';
import { NotFoundError } from '@rectify/ledger-application';
import type { TenantRef } from '@rectify/ledger-domain';
import type { Principal } from '@rectify/tenancy';

/** Resolves tenants and villages named in inputs, within the caller's scope (NOT_FOUND outside). */
@Injectable()
export class TenantRefs {
  constructor(@Inject(TenantDirectory) private readonly directory: TenantDirectory) {}

  own(principal: Principal): TenantRef {
    return { id: principal.tenantId, path: principal.tenantPath };
  }

  async byCode(code: string, principal: Principal): Promise<TenantRef> {
    const tenant = await this.directory.findByCode(code, principal.tenantPath);
    if (!tenant) throw new NotFoundError(`tenant-${code}`);
    return { id: tenant.code, path: tenant.path };
  }

  /** A village is inspected by its township: the township (first 9 digits) must be in scope. */
  async assertVillageInScope(villageCode: string, principal: Principal): Promise<void> {
    const township = await this.directory.findByCode(villageCode.slice(0, 9), principal.tenantPath);
    if (!township || township.level !== 'township') throw new NotFoundError(`village-${villageCode}`);
  }
}
