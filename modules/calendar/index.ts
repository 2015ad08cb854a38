export { calendarTokenParamSchema, type CalendarEntry, type CalendarFeedInfo } from './calendar.schema';
export { getCalendarDependencies, type CalendarDependencies } from './calendar-dependencies';
export { getCalendarFeed, renderCalendarFeed, revokeCalendarFeed, rotateCalendarFeed } from './calendar.service';
export { buildCalendar } from './build-calendar';
