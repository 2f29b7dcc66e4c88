import type { PlatformEventType } from '../contracts/platform-events';

/** The events a group can subscribe a webhook endpoint to (SPEC §5 "Notifications"). */
export const NOTIFICATION_TYPES = [
  'quota_threshold_crossed',
  'events_archived',
  'archival_failed',
] as const satisfies readonly PlatformEventType[];
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const isNotificationType = (type: string): type is NotificationType => (NOTIFICATION_TYPES as readonly string[]).includes(type);

/** What an endpoint's status says: `disabled` once its deliveries kept failing (see `shouldDisable`). */
export const ENDPOINT_STATUSES = ['active', 'disabled'] as const;
export type EndpointStatus = (typeof ENDPOINT_STATUSES)[number];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The JSON body POSTed to an endpoint: the notification's stable id, for the receiver to deduplicate on. */
export interface NotificationBody {
  readonly id: string;
  readonly type: NotificationType;
  readonly groupId: string;
  readonly createdAt: number;
  readonly data: unknown;
}
