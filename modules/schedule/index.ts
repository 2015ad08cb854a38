// No client components here: a page importing this index would send every client component it
// re-exports to the browser, used or not (the schedule carried My classes' views). Pages import
// their view from its file: components/schedule-view, components/my-classes-view.
export {
  SCHEDULE_DAY_COUNT,
  bookClassInputSchema,
  cancelBookingInputSchema,
  scheduleQuerySchema,
  type ActionResult,
  type BoxSummary,
  type ClassPhase,
  type PrebookingCard,
  type PrebookingCards,
  type ScheduleClass,
  type ScheduleDay,
} from './schedule.schema';
export { bookClass, cancelBooking, getScheduleDay, prebookClass, type ScheduleDependencies } from './schedule.service';
export { listPrebookingCards, outcomeText, toPrebookingCard } from './prebooking-cards.service';
export { classTiming } from './class-timing';
export { getMyClasses, nextStepsFor } from './my-classes.service';
export type { BookingCard, MyClasses, NextStep, TimelineItem } from './my-classes.schema';
export { myClassesTexts } from './my-classes-texts';
