/** Every replica of the service shares this group, so each event is handled by one of them. */
export const QUEUE_GROUP = 'orders';
