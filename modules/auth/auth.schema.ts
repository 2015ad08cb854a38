import { z } from 'zod';

/** The longest password we accept (and store sealed); the form says so instead of "enter your password". */
export const PASSWORD_MAX_LENGTH = 200;

export const signInInputSchema = z.object({
  email: z.email('Enter the email you use for AimHarder.').max(254).transform((value) => value.trim().toLowerCase()),
  password: z.string().min(1, 'Enter your AimHarder password.').max(PASSWORD_MAX_LENGTH, `At most ${PASSWORD_MAX_LENGTH} characters.`),
});
export type SignInInput = z.infer<typeof signInInputSchema>;

export const signOutInputSchema = z.object({ forget: z.boolean().default(false) }).default({ forget: false });
