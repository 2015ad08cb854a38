import { redirect } from 'next/navigation';
import { getAdminDatabase } from '@/core/database/admin-client';
import { getCurrentMember } from '@/modules/auth';

/** The front door: the schedule when signed in, the sign-in form otherwise. */
export default async function HomePage() {
  const member = await getCurrentMember(getAdminDatabase());
  redirect(member ? '/schedule' : '/sign-in');
}
