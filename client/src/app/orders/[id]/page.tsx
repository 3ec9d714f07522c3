import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { OrderDetail } from '@/components/orders/OrderDetail';
import { loadClientConfig } from '@/config';
import { getOrder } from '@/lib/api/server';
import { requireUser } from '@/lib/session';

export const metadata: Metadata = { title: 'Order' };

export default async function OrderPage({ params }: PageProps<'/orders/[id]'>) {
  const { id } = await params;
  await requireUser(`/orders/${id}`);
  const order = await getOrder(id);
  if (!order) notFound();
  const { STRIPE_PUBLISHABLE_KEY } = loadClientConfig();
  return <OrderDetail order={order} publishableKey={STRIPE_PUBLISHABLE_KEY} />;
}
