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
export { ScheduleView } from './components/schedule-view';
export { getMyClasses, nextStepsFor } from './my-classes.service';
export type { BookingCard, MyClasses, NextStep, TimelineItem } from './my-classes.schema';
export { myClassesTexts } from './my-classes-texts';
export { MyClassesView } from './components/my-classes-view';
