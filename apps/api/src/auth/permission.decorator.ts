import { SetMetadata } from '@nestjs/common';
import type { Permission as PermissionValue } from './permission';

export const PERMISSION_KEY = 'rectify:permission';

/**
 * The permission a resolver method needs. The global guard denies every handler without one, so
 * forgetting it fails closed (and the resolver-permissions spec fails).
 */
export const RequirePermission = (permission: PermissionValue): MethodDecorator => SetMetadata(PERMISSION_KEY, permission);
