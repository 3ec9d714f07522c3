/** The service's name: its logger's, its bus connection's, and the queue group its replicas share. */
export const SERVICE_NAME = 'catalog';
