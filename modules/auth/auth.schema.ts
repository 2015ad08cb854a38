import { z } from 'zod';

export const signInInputSchema = z.object({
  email: z.email('Enter the email you use for AimHarder.').max(254).transform((value) => value.trim().toLowerCase()),
  password: z.string().min(1, 'Enter your AimHarder password.').max(200),
});
export type SignInInput = z.infer<typeof signInInputSchema>;

export const signOutInputSchema = z.object({ forget: z.boolean().default(false) }).default({ forget: false });
