// The shapes the services answer with. Shared by the server-side client and the browser's calls.

export interface CurrentUser {
  id: string;
  email: string;
}

export interface Ticket {
  id: string;
  title: string;
  price: number;
  userId: string;
  version: number;
  /** Set while an order holds the ticket (reserved, or sold). */
  orderId?: string;
}

export type OrderStatus = 'created' | 'cancelled' | 'awaiting:payment' | 'complete';

export interface Order {
  id: string;
  status: OrderStatus;
  expiresAt: string;
  userId: string;
  version: number;
  ticket: { id: string; title: string; price: number };
}

export interface ApiErrorItem {
  message: string;
  field?: string;
}

export interface ApiErrorBody {
  errors: ApiErrorItem[];
}
