// Inputs of the session actions (Profile → Sessions, User account details).
import { z } from "zod";
import { userIdSchema } from "../users/schemas";

export const endSessionSchema = z.object({
  sessionId: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, "Choose a session from the list."),
});
export const endUserSessionsSchema = z.object({ userId: userIdSchema });
