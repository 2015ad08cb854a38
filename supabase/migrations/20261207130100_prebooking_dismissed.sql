-- Issue 13: a failed prebooking offers its next step until the member dismisses it.
alter table prebookings add column dismissed_at timestamptz;
