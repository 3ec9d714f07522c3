/** Every replica of the service shares one queue group, so each event is handled once. */
export const QUEUE_GROUP = 'payments';
