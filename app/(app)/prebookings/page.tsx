import { redirect } from 'next/navigation';

/** "My prebookings" became "My classes" (issue 13): old links and bookmarks land there. */
export default function MyPrebookingsPage(): never {
  redirect('/my-classes');
}
