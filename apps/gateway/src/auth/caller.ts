import type { ApiKeyRole } from '@onescale/api';

/** Roles of group keys, weakest first (declared with the DTO that validates them). */
export { API_KEY_ROLES, type ApiKeyRole } from '@onescale/api';

/** Requests a key may make per UTC second and per UTC minute (a window left out is not limited). */
export interface RateLimit {
  readonly perSecond?: number;
  readonly perMinute?: number;
}

/** Who is calling: the platform admin key, or a key of one group. */
export type Caller =
  | { readonly kind: 'platform'; readonly keyId: 'platform' }
  | {
      readonly kind: 'group';
      readonly keyId: string;
      readonly groupId: string;
      /** The root of the key's group: api calls count against it. */
      readonly rootGroupId: string;
      readonly role: ApiKeyRole;
      readonly rateLimit?: RateLimit;
    };

export type GroupCaller = Extract<Caller, { readonly kind: 'group' }>;

export const PLATFORM_CALLER: Caller = { kind: 'platform', keyId: 'platform' };
