export type { Box, Member, MemberAccess, MemberRole, StoredCredentials } from './members.schema';
export {
  boxFromRow,
  bumpSessionVersion,
  credentialsFromRow,
  deleteCredentials,
  findBox,
  findMemberById,
  isBoxMember,
  listMemberBoxes,
  listMembers,
  listMembersByIds,
  saveCredentials,
  saveLearnedBookingWindow,
  syncMemberBoxes,
  updateMemberLocale,
  upsertMember,
} from './members.repository';
export { sealPassword, sealSession } from './member-credentials';
export { aimHarderHostsFromEnv, createMemberAimHarderClient } from './member-aimharder-client';
