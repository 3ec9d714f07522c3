/** The service's name: its logger's, and its bus connection's once it has one. */
export const SERVICE_NAME = 'auth';
